package dev.shallowpi.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one door to DJL: the PyTorch engine, run offline from the native library inside the
 * {@code pytorch-native-cpu} jar. The properties are set here, before DJL's first class loads, so no code path
 * can reach for the network or print DJL's informational logs.
 */
public final class Djl {
    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        quietLogs();
    }

    private Djl() {
    }

    /**
     * DJL logs informational lines, and on machines with a CUDA runtime but no GPU a warning per engine start
     * that only says there is no GPU. Both are noise to users of a CPU tool; real warnings still show.
     */
    public static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    /**
     * Readies the calling thread to run the engine, when it is not the thread that loaded it (a Spark task's):
     * libtorch's autograd mode belongs to each thread and starts on, while DJL switches it off only on the thread
     * that loads the engine and turns it on for the life of each gradient collector. Left on, the optimizer's
     * in-place update of a weight fails ("a leaf Variable that requires grad is being used in an in-place
     * operation"). Call it before the thread's first gradient collector.
     */
    public static void prepareThread() {
        engine();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    public static Engine engine() {
        Engine e = Engine.getEngine("PyTorch");
        if (e == null) {
            throw new IllegalStateException("DJL's PyTorch engine is not on the class path");
        }
        return e;
    }

    /** A root manager on the CPU; close it to free everything made under it. */
    public static NDManager newManager() {
        return engine().newBaseManager(Device.cpu());
    }

    /** "PyTorch 2.7.1" and the like, for reports. */
    public static String describe() {
        return engine().getEngineName() + " " + engine().getVersion();
    }
}
