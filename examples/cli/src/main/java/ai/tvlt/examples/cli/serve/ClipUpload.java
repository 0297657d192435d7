package ai.tvlt.examples.cli.serve;

import ai.tvlt.models.pipeline.ErrorMessages;
import ai.tvlt.processing.clip.ClipSource;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The clip of one multipart request, written into a private temporary folder (owner-only permissions)
 * that {@link #close()} deletes. Part {@code clip} is a video file with its sound track; parts {@code video}
 * (a video or image file) and {@code audio} (an audio file) give them apart. Only the uploaded bytes are
 * used: no path, file name or URL from the request is ever opened (the file name contributes only a
 * sanitised extension, so that image files are recognised). Messages about the files name the part, not
 * the temporary path ({@link #describe(String)}).
 */
public final class ClipUpload implements AutoCloseable {

    /** The part of a whole clip: a video file with its sound track. */
    static final String CLIP_PART = "clip";
    /** The part of the pictures: a video file or an image file. */
    static final String VIDEO_PART = "video";
    /** The part of the sound: an audio file. */
    static final String AUDIO_PART = "audio";

    private static final Pattern TOO_LARGE = Pattern.compile("(?i)(exceed|too large|max.*size|413)");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");
    private static final String USAGE = "expected a multipart/form-data upload with part '" + CLIP_PART
            + "' (a video file with its sound track) or parts '" + VIDEO_PART + "' and '" + AUDIO_PART + "'";

    private final Path dir;
    private final Map<String, Path> files = new LinkedHashMap<>();

    private ClipUpload(Path dir) {
        this.dir = dir;
    }

    /**
     * Reads the clip parts of a request.
     *
     * @param ctx the request
     * @param root the folder under which each request gets its own private folder
     * @param maxBytes the size limit of the whole upload (413 above it)
     * @return the upload; close it to delete its files
     * @throws ApiError 400 for a request that is not such an upload, 413 when it is too large
     */
    static ClipUpload read(Context ctx, Path root, long maxBytes) {
        if (!ctx.isMultipartFormData()) {
            throw ApiError.badRequest(USAGE + "; got content type " + quoted(ctx.contentType()));
        }
        List<UploadedFile> clip = parts(ctx, CLIP_PART);
        List<UploadedFile> video = parts(ctx, VIDEO_PART);
        List<UploadedFile> audio = parts(ctx, AUDIO_PART);
        boolean whole = clip.size() == 1 && video.isEmpty() && audio.isEmpty();
        boolean apart = clip.isEmpty() && video.size() == 1 && audio.size() == 1;
        if (!whole && !apart) {
            throw ApiError.badRequest(USAGE + "; got " + clip.size() + " '" + CLIP_PART + "', " + video.size() + " '"
                    + VIDEO_PART + "' and " + audio.size() + " '" + AUDIO_PART + "' parts");
        }
        ClipUpload upload = new ClipUpload(privateFolder(root));
        try {
            long[] budget = {maxBytes};
            if (whole) {
                upload.save(CLIP_PART, clip.get(0), budget);
            } else {
                upload.save(VIDEO_PART, video.get(0), budget);
                upload.save(AUDIO_PART, audio.get(0), budget);
            }
            return upload;
        } catch (RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /**
     * @param id the clip's id in results and messages
     * @return the clip's files
     */
    public ClipSource clip(String id) {
        Path video = files.getOrDefault(CLIP_PART, files.get(VIDEO_PART));
        Path audio = files.getOrDefault(CLIP_PART, files.get(AUDIO_PART));
        return new ClipSource(id, video, audio);
    }

    /** @return the video file (part {@code clip} or {@code video}) */
    public Path video() {
        return files.getOrDefault(CLIP_PART, files.get(VIDEO_PART));
    }

    /** @return the audio file (part {@code clip} or {@code audio}) */
    public Path audio() {
        return files.getOrDefault(CLIP_PART, files.get(AUDIO_PART));
    }

    /**
     * @param message a message that may name the temporary files
     * @return it with each file named by its part ({@code uploaded part 'clip'})
     */
    public String describe(String message) {
        String result = message;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            result = result.replace(file.getValue().toString(), "uploaded part '" + file.getKey() + "'");
        }
        return result.replace(dir.toString(), "the upload");
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    Files.delete(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the upload folder " + dir, e);
        }
    }

    private void save(String part, UploadedFile upload, long[] budget) {
        Path file = dir.resolve(part + extension(upload.filename()));
        try (InputStream in = upload.content(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                budget[0] -= n;
                if (budget[0] < 0) {
                    throw new ApiError(413, "the upload is larger than the limit of the server");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read part '" + part + "' of the upload: " + e.getMessage());
        }
        if (upload.size() == 0 || sizeOf(file) == 0) {
            throw ApiError.badRequest("part '" + part + "' of the upload is empty");
        }
        files.put(part, file);
    }

    private static List<UploadedFile> parts(Context ctx, String name) {
        try {
            return ctx.uploadedFiles(name);
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** Jetty's multipart parser refuses too large or malformed bodies with exceptions; say which it was. */
    private static ApiError unreadable(RuntimeException failure) {
        String detail = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && TOO_LARGE.matcher(message).find()) {
                return new ApiError(413, "the upload is larger than the limit of the server");
            }
            if (message != null && !message.isBlank() && !message.contains("Exception")) {
                detail = ErrorMessages.oneLine(message);
            }
        }
        return ApiError.badRequest("cannot read the multipart upload: "
                + (detail != null ? detail : "the body is malformed or ends early"));
    }

    private static Path privateFolder(Path root) {
        try {
            return Files.createTempDirectory(root, "upload-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            try {
                return Files.createTempDirectory(root, "upload-");
            } catch (IOException io) {
                throw new UncheckedIOException("cannot create a folder for the upload under " + root, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the upload under " + root, e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        String ext = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSION.matcher(ext).matches() ? "." + ext : "";
    }

    private static String quoted(String value) {
        return value == null ? "none" : "'" + value.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
