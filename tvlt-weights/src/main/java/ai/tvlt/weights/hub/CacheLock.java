package ai.tvlt.weights.hub;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a {@code .lock} file of the hub cache, the same lock Python's huggingface_hub
 * takes through the {@code filelock} package, so a Java and a Python process downloading one blob wait
 * for each other: on Linux and macOS, {@code flock(2)} ({@code LOCK_EX | LOCK_NB}, retried every 50 ms
 * like filelock's poll) on a descriptor of the file opened {@code O_RDWR | O_CREAT}, mode 0644.
 * {@code flock} is called through JNA because Java's {@link FileChannel#lock()} takes {@code fcntl}
 * record locks, which on Linux do not conflict with {@code flock} ones: Java would not see Python's lock.
 * Two {@code flock}s on separate descriptors exclude each other even inside one process, so threads of
 * one JVM serialise as well.
 *
 * <p>Elsewhere (Windows, other Unixes) the fallback is {@link FileChannel#lock()}: there
 * {@code LockFileEx}, which Python's {@code msvcrt.locking} also respects on Windows; on other Unixes it
 * excludes Java processes only. The file is never deleted: a waiter may hold a descriptor of it.
 *
 * <p>The wait honours {@link Thread#interrupt()} and is reported, once, to a callback. Not thread-safe:
 * one holder closes it.
 */
final class CacheLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheLock.class);
    private static final long POLL_MILLIS = 50;
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int MODE_0644 = 0644;
    private static final int EINTR = 4;

    private final int fd;
    private final FileChannel channel;
    private final FileLock fallback;
    private boolean closed;

    private CacheLock(int fd, FileChannel channel, FileLock fallback) {
        this.fd = fd;
        this.channel = channel;
        this.fallback = fallback;
    }

    /** libc through JNA; errno arrives as {@link LastErrorException}. */
    private interface LibC extends Library {
        int open(String path, int flags, int mode) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use only, so platforms without flock never touch native code. */
    private static final class Native4Flock {
        static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    }

    /** @return whether this platform takes the flock that Python takes (else the documented fallback) */
    static boolean usesFlock() {
        return Platform.isLinux() || Platform.isMac();
    }

    /**
     * Blocks until this process holds the lock.
     *
     * @param lockFile the {@code .lock} file (created when missing; its folder must exist)
     * @param onWait told once when another holder makes us wait
     * @return the held lock; {@link #close()} releases it
     * @throws InterruptedIOException when the thread is interrupted while waiting (the flag stays set)
     * @throws IOException when the file cannot be opened or locked
     */
    static CacheLock acquire(Path lockFile, Runnable onWait) throws IOException {
        return usesFlock() ? flock(lockFile, onWait) : fileChannelLock(lockFile, onWait);
    }

    private static CacheLock flock(Path lockFile, Runnable onWait) throws IOException {
        LibC libc = Native4Flock.LIBC;
        int fd;
        try {
            fd = libc.open(lockFile.toString(), openFlags(), MODE_0644);
        } catch (LastErrorException e) {
            throw new IOException("cannot open the lock file " + lockFile + " (errno " + e.getErrorCode() + ")");
        }
        boolean locked = false;
        try {
            Waiting waiting = new Waiting(lockFile, onWait);
            while (!locked) {
                try {
                    libc.flock(fd, LOCK_EX | LOCK_NB);
                    locked = true;
                } catch (LastErrorException e) {
                    if (!isWouldBlock(e.getErrorCode()) && e.getErrorCode() != EINTR) {
                        throw new IOException("cannot lock " + lockFile + " (errno " + e.getErrorCode() + ")");
                    }
                    waiting.pause();
                }
            }
            return new CacheLock(fd, null, null);
        } finally {
            if (!locked) {
                closeQuietly(libc, fd);
            }
        }
    }

    private static boolean isWouldBlock(int errno) {
        return errno == (Platform.isMac() ? 35 : 11); // EWOULDBLOCK == EAGAIN
    }

    private static int openFlags() {
        int rdwr = 2;
        int creat = Platform.isMac() ? 0x200 : 0100;
        return rdwr | creat;
    }

    private static CacheLock fileChannelLock(Path lockFile, Runnable onWait) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean locked = false;
        try {
            Waiting waiting = new Waiting(lockFile, onWait);
            while (true) {
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        locked = true;
                        return new CacheLock(-1, channel, lock);
                    }
                } catch (OverlappingFileLockException e) {
                    // another thread of this JVM holds it
                }
                waiting.pause();
            }
        } finally {
            if (!locked) {
                channel.close();
            }
        }
    }

    /** Sleeps between tries, tells the callback once and the log every 10 s (as huggingface_hub does). */
    private static final class Waiting {
        private final Path lockFile;
        private final Runnable onWait;
        private final long start = System.nanoTime();
        private long nextLog;

        Waiting(Path lockFile, Runnable onWait) {
            this.lockFile = lockFile;
            this.onWait = onWait;
        }

        void pause() throws InterruptedIOException {
            long waited = System.nanoTime() - start;
            if (nextLog == 0) {
                onWait.run();
            }
            if (waited >= nextLog) {
                LOG.info("waiting for the lock {}, held by another process ({} s so far)", lockFile,
                        waited / 1_000_000_000L);
                nextLog = waited + LOG_EVERY.toNanos();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock " + lockFile);
            }
        }
    }

    /** Releases the lock; a second call does nothing (the descriptor number may belong to another file by then). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try (channel) {
                fallback.release();
            }
            return;
        }
        try {
            Native4Flock.LIBC.close(fd); // closing the descriptor releases the flock
        } catch (LastErrorException e) {
            throw new IOException("cannot release a hub cache lock (errno " + e.getErrorCode() + ")");
        }
    }

    private static void closeQuietly(LibC libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing a lock file descriptor failed with errno {}", e.getErrorCode());
        }
    }
}
