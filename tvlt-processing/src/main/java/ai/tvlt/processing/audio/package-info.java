/**
 * TVLT audio preprocessing: {@link ai.tvlt.processing.audio.TvltFeatureExtractor} (waveforms to
 * {@code audio_values} / {@code audio_mask}, bit-identical to transformers' {@code TvltFeatureExtractor} on
 * the golden cases), {@link ai.tvlt.processing.audio.AudioDecoder} (bounded WAV decoding to mono float
 * samples) and {@link ai.tvlt.processing.audio.Resampler} (explicit Kaiser-windowed sinc resampling).
 *
 * <p>Typical use:
 * <pre>{@code
 * TvltFeatureExtractor extractor = TvltFeatureExtractor.defaults();          // or fromJson(preprocessor_config.json)
 * DecodedAudio audio = AudioDecoder.read(Path.of("speech.wav"));
 * audio = Resampler.resample(audio, extractor.samplingRate());              // no-op at 44.1 kHz
 * AudioFeatures features = extractor.extract(audio);
 * INDArray audioValues = features.audioValues().toNd4j();                    // [1, 1, T, 128]
 * }</pre>
 *
 * <p>All public classes are immutable (or stateless) and thread-safe.
 */
package ai.tvlt.processing.audio;
