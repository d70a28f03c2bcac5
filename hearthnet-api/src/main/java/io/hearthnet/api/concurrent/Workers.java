package io.hearthnet.api.concurrent;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread pools the way HearthNet wants them: virtual threads where the JVM has them (JDK 21+),
 * otherwise a bounded pool of daemon platform threads that refuses work when full (callers turn the
 * refusal into {@code capacity_exceeded}). Never an unbounded queue.
 */
public final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
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

    /**
     * A factory of daemon threads named {@code name-1}, {@code name-2}, ... A pool built on it is
     * stopped completely by {@link #stop}: its threads are joined, not only its tasks awaited.
     */
    public static ThreadFactory daemonThreads(String name) {
        return new TrackedDaemonThreads(name);
    }

    /**
     * Stops {@code pool}: interrupts what runs, cancels the queued {@link Future}s (tasks given to
     * {@code execute} are dropped), and waits at most {@code wait} for its tasks to end and, when
     * its threads came from a {@link #daemonThreads} factory of its own, for those threads to end
     * too (a factory shared by two pools would make this wait for the other pool's threads).
     * Logs a warning naming {@code what} when that takes longer. Returns whether everything
     * ended; an interrupt while waiting stops the wait and is kept on the thread.
     */
    public static boolean stop(ExecutorService pool, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Runnable pending : pool.shutdownNow()) {
            if (pending instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            boolean ended = pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && (!(pool instanceof ThreadPoolExecutor tpe)
                        || !(tpe.getThreadFactory() instanceof TrackedDaemonThreads threads)
                        || threads.join(deadline));
            if (!ended) {
                LOG.warn("{} did not stop within {} ms", what, wait.toMillis());
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping {}", what);
            return false;
        }
    }

    private static Method virtualFactory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
