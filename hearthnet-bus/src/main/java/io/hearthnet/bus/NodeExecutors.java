package io.hearthnet.bus;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The node's default thread pools: virtual threads where the JVM has them, else a bounded pool. */
final class NodeExecutors {
    /** Most platform threads the fallback worker pool starts. */
    static final int MAX_PLATFORM_WORKERS = 256;

    private NodeExecutors() {}

    /** Whether this JVM offers virtual threads (JDK 21+). */
    static boolean virtualThreadsAvailable() {
        return virtualFactory() != null;
    }

    /** A worker pool for handlers and stream producers. */
    static ExecutorService workers(String prefix) {
        Method factory = virtualFactory();
        if (factory != null) {
            try {
                return (ExecutorService) factory.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create a virtual-thread executor", e);
            }
        }
        return new ThreadPoolExecutor(0, MAX_PLATFORM_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(prefix + "-worker"));
    }

    /** A scheduler for timers (manifest refresh, deadlines, service timers). */
    static ScheduledThreadPoolExecutor scheduler(String prefix) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads(prefix + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    static ThreadFactory daemonThreads(String name) {
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
