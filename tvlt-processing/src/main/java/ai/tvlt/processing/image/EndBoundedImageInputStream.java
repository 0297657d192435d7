package ai.tvlt.processing.image;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link ImageInputStream} over another that tolerates a limited number of reads past the end of the
 * file (readers probing for a trailer do a few) and then fails every further one with an
 * {@link IIOException} instead of end-of-file. Some plugins catch {@link java.io.EOFException} and carry on
 * with zero bits (TwelveMonkeys' WebP lossless bit reader does), so a truncated or crafted file of a few
 * hundred bytes could keep them decoding for minutes; past the budget the decode stops and
 * {@link ImageDecoder} reports the file as corrupt. Not thread-safe, like every image stream.
 */
final class EndBoundedImageInputStream extends ImageInputStreamImpl {

    /** Reads at or past the end tolerated before the stream fails. */
    static final int READS_PAST_END = 1024;

    private final ImageInputStream in;
    private int readsPastEnd;

    /**
     * @param in the stream to read, positioned at 0; closed with this one
     */
    EndBoundedImageInputStream(ImageInputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        int b = in.read();
        if (b < 0) {
            pastEnd();
        } else {
            streamPos++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        int n = in.read(b, off, len);
        if (n < 0) {
            pastEnd();
        } else {
            streamPos += n;
        }
        return n;
    }

    @Override
    public void seek(long pos) throws IOException {
        super.seek(pos);
        in.seek(pos);
    }

    @Override
    public long length() {
        try {
            return in.length();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        in.close();
    }

    private void pastEnd() throws IIOException {
        if (++readsPastEnd > READS_PAST_END) {
            throw new IIOException("the decoder read past the end of the file more than " + READS_PAST_END
                    + " times; the file is truncated or damaged");
        }
    }
}
