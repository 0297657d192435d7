package ai.tvlt.models.nn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import ai.tvlt.core.error.InvalidInputException;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_stream;

/**
 * The process's oneDNN CPU engine, loaded on first use only (fp32 never touches this class, so it never
 * needs the oneDNN library), and the per-thread state its products need: a stream (oneDNN streams must
 * not be shared between threads), a bf16 scratch for converted activations, and OpenMP limited to the
 * calling thread. The model parallelises its products itself ({@link RowParallel}), like the fp32 path
 * ({@link Sgemm}); oneDNN's OpenMP team would otherwise spin against those workers on the same cores.
 * {@code omp_set_num_threads} is per thread in GNU OpenMP, so each lane sets it once for itself; it is
 * called through JNA because the JavaCPP preset does not map it, on the libgomp that the preset loaded.
 */
final class Dnnl {

    /** Lazily initialised holder (class-loading makes it thread-safe; immutable once built). */
    private static final class Holder {
        static final Dnnl INSTANCE = new Dnnl();
    }

    private final dnnl_engine engine;
    private final int isa;
    private final Function ompSetNumThreads;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(this::newThreadState);

    /** What one thread owns: its stream and its growing bf16 scratch. */
    static final class ThreadState {
        final dnnl_stream stream;
        private ShortPointer scratch = new ShortPointer(0L);

        ThreadState(dnnl_stream stream) {
            this.stream = stream;
        }

        /** @return a scratch of at least {@code elements} bf16 values, private to this thread */
        ShortPointer scratch(long elements) {
            if (scratch.capacity() < elements) {
                scratch.close();
                scratch = new ShortPointer(elements);
            }
            return scratch;
        }
    }

    private Dnnl() {
        try {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        } catch (NoClassDefFoundError | UnsatisfiedLinkError e) {
            throw new InvalidInputException("precision bf16 needs the oneDNN library (org.bytedeco:dnnl with its "
                    + "native classifier for this platform) on the class path; it could not be loaded: " + e.getMessage());
        }
        this.isa = dnnl_get_effective_cpu_isa();
        this.engine = new dnnl_engine();
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "create the CPU engine");
        this.ompSetNumThreads = findOmpSetNumThreads();
    }

    /** @return the shared runtime, loading oneDNN on first call */
    static Dnnl get() {
        return Holder.INSTANCE;
    }

    /** @return whether the CPU has the bf16 dot-product instructions (AVX512_BF16 or AMX) */
    boolean supportsBf16() {
        return isa >= dnnl_cpu_isa_avx512_core_bf16 && (isa & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16;
    }

    /** @return oneDNN's name of the instruction set it dispatches to, as a number (dnnl_cpu_isa_t) */
    int isa() {
        return isa;
    }

    /** @return the engine */
    dnnl_engine engine() {
        return engine;
    }

    /** @return the calling thread's state (created, with OpenMP set to this thread only, on first use) */
    ThreadState thread() {
        return threads.get();
    }

    private ThreadState newThreadState() {
        if (ompSetNumThreads != null) {
            ompSetNumThreads.invoke(new Object[] {1});
        }
        dnnl_stream stream = new dnnl_stream();
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "create a stream");
        return new ThreadState(stream);
    }

    private static Function findOmpSetNumThreads() {
        for (Map.Entry<String, String> lib : Loader.getLoadedLibraries().entrySet()) {
            String path = lib.getValue();
            if (path != null && path.contains("gomp")) {
                return NativeLibrary.getInstance(path).getFunction("omp_set_num_threads");
            }
        }
        return null;
    }

    /**
     * @param status a oneDNN status code
     * @param what what was being done, for the message
     */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN could not " + what + " (status " + status + ")");
        }
    }
}
