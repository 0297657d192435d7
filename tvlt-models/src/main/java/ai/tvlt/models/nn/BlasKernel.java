package ai.tvlt.models.nn;

import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Names the BLAS kernels in use, for the INFO log and {@code --verbose}: OpenBLAS's version and the
 * CPU-specific kernel set it chose at load time (from the CPU, or from the user's
 * {@code OPENBLAS_CORETYPE}).
 *
 * <p>Why this reads a library internal: JavaCPP's OpenBLAS presets do not bind
 * {@code openblas_get_corename()}, and calling a C function without a binding needs native code. A
 * DYNAMIC_ARCH build of OpenBLAS (what JavaCPP ships) keeps the chosen kernel table in its exported
 * pointer {@code gotoblas} and exports each table as {@code gotoblas_<CORE>}; comparing the pointer
 * with those symbols' addresses (found with JavaCPP's {@link Loader#addressof}) names the table
 * exactly. A build without those symbols is reported as "kernel not identified". Stateless.
 */
public final class BlasKernel {

    /** Kernel tables of OpenBLAS 0.3.30's DYNAMIC_ARCH builds for x86-64 and arm64. */
    private static final List<String> CORES = List.of(
            "SAPPHIRERAPIDS", "COOPERLAKE", "SKYLAKEX", "HASWELL", "ZEN", "SANDYBRIDGE", "NEHALEM", "CORE2",
            "PENRYN", "DUNNINGTON", "ATOM", "EXCAVATOR", "STEAMROLLER", "PILEDRIVER", "BULLDOZER", "BOBCAT",
            "BARCELONA", "OPTERON_SSE3", "OPTERON", "ATHLON", "PRESCOTT", "NORTHWOOD", "BANIAS", "COPPERMINE",
            "KATMAI", "NANO",
            "NEOVERSEV2", "NEOVERSEV1", "NEOVERSEN2", "NEOVERSEN1", "A64FX", "ARMV8SVE", "CORTEXX2", "CORTEXX1",
            "CORTEXA710", "CORTEXA510", "CORTEXA72", "CORTEXA73", "CORTEXA57", "CORTEXA55", "CORTEXA53",
            "THUNDERX3T110", "THUNDERX2T99", "THUNDERX", "TSV110", "EMAG8180", "FALKOR", "VORTEX", "ARMV8");

    private BlasKernel() {
    }

    /**
     * @return the kernel table's name, e.g. {@code "COOPERLAKE"}, or {@code null} when it cannot be
     *     identified
     */
    public static String coreName() {
        Nd4j.factory().blas(); // loads ND4J and with it OpenBLAS
        Pointer selected = Loader.addressof("gotoblas");
        if (selected == null || selected.isNull()) {
            return null;
        }
        long table = new PointerPointer<>(selected).get(0).address();
        for (String core : CORES) {
            Pointer candidate = Loader.addressof("gotoblas_" + core);
            if (candidate != null && !candidate.isNull() && candidate.address() == table) {
                return core;
            }
        }
        return null;
    }

    /**
     * @return e.g. {@code "OpenBLAS 0.3.30, COOPERLAKE kernels"}, followed by {@code " (OPENBLAS_CORETYPE
     *     set)"} when the user chose them
     */
    public static String describe() {
        String core = coreName();
        String version = openblas_nolapack.OPENBLAS_VERSION.trim();
        String chosen = System.getenv("OPENBLAS_CORETYPE") == null ? "" : " (chosen by OPENBLAS_CORETYPE)";
        return version + ", " + (core == null ? "kernel not identified" : core + " kernels") + chosen;
    }
}
