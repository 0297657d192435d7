package ai.tvlt.core.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * What a process can allocate: the Java heap ({@code -Xmx}) and native memory (physical memory, or a
 * lower limit such as JavaCPP's {@code maxPhysicalBytes} that the caller knows about). Immutable.
 *
 * @param heapBytes the largest heap this JVM may grow to
 * @param nativeBytes the native memory available outside the heap
 */
public record MemoryLimits(long heapBytes, long nativeBytes) {

    /** Validates the limits. */
    public MemoryLimits {
        if (heapBytes <= 0 || nativeBytes <= 0) {
            throw new IllegalArgumentException("memory limits must be positive: heap " + heapBytes + ", native "
                    + nativeBytes);
        }
    }

    /**
     * The limits of this JVM: its maximum heap, and the machine's physical memory less that heap for
     * native memory.
     *
     * @return the limits
     */
    public static MemoryLimits ofThisJvm() {
        return withNativeCap(Long.MAX_VALUE);
    }

    /**
     * Like {@link #ofThisJvm()}, with native memory further capped, e.g. by the limit of the native
     * allocator in use.
     *
     * @param nativeCap an upper bound for native memory in bytes ({@code <= 0}: none)
     * @return the limits
     */
    public static MemoryLimits withNativeCap(long nativeCap) {
        long heap = Runtime.getRuntime().maxMemory();
        long physical = physicalMemory();
        long nativeBytes = Math.max(1, physical - Math.min(heap, physical / 2));
        if (nativeCap > 0) {
            nativeBytes = Math.min(nativeBytes, nativeCap);
        }
        return new MemoryLimits(heap == Long.MAX_VALUE ? physical : heap, nativeBytes);
    }

    private static long physicalMemory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long total = sun.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        // Without the JDK's extension, assume no less than the heap may take.
        return Runtime.getRuntime().maxMemory() == Long.MAX_VALUE ? Long.MAX_VALUE / 2 : 4 * Runtime.getRuntime().maxMemory();
    }

    /**
     * @param bytes a size
     * @return it for a message, e.g. {@code "1.5 GB"} (binary units)
     */
    public static String format(double bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
                : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
