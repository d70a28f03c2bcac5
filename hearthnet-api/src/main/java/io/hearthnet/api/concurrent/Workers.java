package io.hearthnet.api.concurrent;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools the way HearthNet wants them: virtual threads where the JVM has them (JDK 21+),
 * otherwise a bounded pool of daemon platform threads that refuses work when full (callers turn the
 * refusal into {@code capacity_exceeded}). Never an unbounded queue.
 */
public final class Workers {
    private static final Method VIRTUAL = virtualFactory();

    private Workers() {}

    /** Whether this JVM offers virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return VIRTUAL != null;
    }

    /**
     * A pool for blocking work: one virtual thread per task on JDK 21+, else at most
     * {@code maxPlatformThreads} daemon threads named {@code name-N} with no queue.
     */
    public static ExecutorService newWorkerPool(String name, int maxPlatformThreads) {
        if (VIRTUAL != null) {
            try {
                return (ExecutorService) VIRTUAL.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create a virtual-thread executor", e);
            }
        }
        return new ThreadPoolExecutor(0, maxPlatformThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(name));
    }

    /** A factory of daemon threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static Method virtualFactory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
