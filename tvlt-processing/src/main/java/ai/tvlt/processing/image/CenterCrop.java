package ai.tvlt.processing.image;

/**
 * The reference's centre crop ({@code transformers.image_transforms.center_crop}), axis by axis (golden
 * processing README, "Algorithm summary", images step 3).
 *
 * <p>An axis of length {@code n >= crop} keeps {@code [(n - crop) / 2, (n - crop) / 2 + crop)}. A shorter axis
 * is zero-padded: {@code floor(d / 2)} zeros, the {@code n} pixels, {@code floor(d / 2)} zeros, with
 * {@code d = crop - n}. For odd {@code d} that is {@code crop - 1} pixels, one short of the requested size:
 * the reference pads by floor division and then crops; the quirk yields a defined image and is matched
 * (SPEC 1; cases {@code image_crop_pad_odd_no_resize}, {@code image_resize_below_crop_odd}).
 *
 * <p>Stateless and thread-safe.
 */
public final class CenterCrop {

    private CenterCrop() {
    }

    /**
     * Where one axis of the crop comes from.
     *
     * @param sourceStart first source index kept
     * @param length number of source pixels kept
     * @param offset index of the first kept pixel in the output (the leading zero padding)
     * @param outputLength output length along the axis: {@code crop}, or {@code crop - 1} for odd padding
     */
    public record Span(int sourceStart, int length, int offset, int outputLength) {

        /**
         * @param inputLength the image's length along the axis
         * @param cropLength the requested crop length
         * @return the axis geometry
         */
        public static Span of(int inputLength, int cropLength) {
            if (inputLength >= cropLength) {
                return new Span((inputLength - cropLength) / 2, cropLength, 0, cropLength);
            }
            int pad = (cropLength - inputLength) / 2;
            return new Span(0, inputLength, pad, inputLength + 2 * pad);
        }
    }

    /**
     * Crops (and pads with black) as the reference does.
     *
     * @param image the image
     * @param cropHeight requested rows, at least 1
     * @param cropWidth requested columns, at least 1
     * @return the cropped image, {@code Span.of(H, cropHeight).outputLength()} by
     *     {@code Span.of(W, cropWidth).outputLength()}
     */
    public static RgbImage apply(RgbImage image, int cropHeight, int cropWidth) {
        RgbImage.checkSize(cropHeight, cropWidth);
        Span rows = Span.of(image.height(), cropHeight);
        Span cols = Span.of(image.width(), cropWidth);
        byte[] src = image.data();
        byte[] out = new byte[rows.outputLength() * cols.outputLength() * 3];
        for (int y = 0; y < rows.length(); y++) {
            System.arraycopy(src, ((rows.sourceStart() + y) * image.width() + cols.sourceStart()) * 3, out,
                    ((rows.offset() + y) * cols.outputLength() + cols.offset()) * 3, cols.length() * 3);
        }
        return RgbImage.wrap(out, rows.outputLength(), cols.outputLength());
    }
}
