/**
 * Turning the masked-autoencoder outputs of {@link ai.tvlt.models.tvlt.TvltForPreTraining} back into
 * pictures: {@link ai.tvlt.models.reconstruction.Patches} (the reference's patchify layout and its exact
 * inverse, and pasting predictions into the visible input), {@link ai.tvlt.models.reconstruction.FrameDenormalizer}
 * (model-scale frames back to 0..255 pixel levels with the image processor's mean/std/rescale, and
 * interleaved bytes for image writers) and {@link ai.tvlt.models.reconstruction.SpectrogramImage}
 * (a spectrogram as 8-bit gray). Pure functions on {@link ai.tvlt.core.tensor.FloatTensor}s; no model
 * weights involved.
 *
 * <p>Typical use after {@code TvltForPreTraining.forward(input with reconstruct(true))}:
 * <pre>{@code
 * FloatTensor predicted = Patches.unpatchifyPixels(out.pixelLogits().orElseThrow(), config);
 * // or, MAE-style: visible patches from the input, hidden ones predicted
 * FloatTensor mixed = Patches.unpatchifyPixels(Patches.pasteMasked(
 *         Patches.patchifyPixels(pixelValues, p, p), out.pixelLogits().orElseThrow(),
 *         out.pixelLabelMasks().orElseThrow()), config);
 * FloatTensor levels = FrameDenormalizer.of(processorConfig.imageProcessor()).denormalize(mixed);
 * byte[] rgb = FrameDenormalizer.toInterleavedBytes(levels, 0, frame);   // H*W*3
 * byte[] gray = SpectrogramImage.toGrayBytes(Patches.unpatchifyAudio(out.audioLogits().orElseThrow(), config), 0, 0);
 * }</pre>
 */
package ai.tvlt.models.reconstruction;
