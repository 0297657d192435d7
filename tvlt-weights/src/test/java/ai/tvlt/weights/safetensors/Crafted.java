package ai.tvlt.weights.safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, valid or not, for the validation and fuzz tests. */
final class Crafted {

    private Crafted() {
    }

    /**
     * @param headerJson the header text (UTF-8)
     * @param dataBytes how many data bytes follow (value i % 251 at data byte i)
     * @return the file's bytes, with the true header length
     */
    static byte[] file(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return file(header.length, header, dataBytes);
    }

    /**
     * @param declaredLength the header length to write, whatever the header's true length
     * @param header the header bytes
     * @param dataBytes how many data bytes follow
     * @return the file's bytes
     */
    static byte[] file(long declaredLength, byte[] header, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i % 251));
        }
        return b.array();
    }

    /**
     * @param dir a folder
     * @param name file name
     * @param bytes content
     * @return the written file
     */
    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name tensor name
     * @param dtype dtype string
     * @param shape shape as JSON text without brackets
     * @param begin first byte
     * @param end one past the last byte
     * @return a header entry {@code "name":{...}}
     */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + shape + "],\"data_offsets\":[" + begin
                + "," + end + "]}";
    }
}
