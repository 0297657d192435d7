package ai.tvlt.weights.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds torch.save-style zip archives (STORED entries under one top folder) for tests. */
final class CheckpointZip {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, Boolean> deflated = new LinkedHashMap<>();
    private final String folder;

    CheckpointZip(String folder) {
        this.folder = folder;
    }

    CheckpointZip pickle(byte[] pickle) {
        return entry("data.pkl", pickle);
    }

    CheckpointZip storage(String key, byte[] data) {
        return entry("data/" + key, data);
    }

    CheckpointZip entry(String name, byte[] data) {
        entries.put(folder + "/" + name, data);
        return this;
    }

    CheckpointZip deflate(String name) {
        deflated.put(folder + "/" + name, true);
        return this;
    }

    Path write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (!deflated.containsKey(e.getKey())) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                zip.putNextEntry(ze);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
