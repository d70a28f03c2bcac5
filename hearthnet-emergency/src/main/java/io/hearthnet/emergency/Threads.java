package io.hearthnet.emergency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bounded, named daemon pools emergency mode runs on, and how they are stopped. */
final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {}

    /** A pool of at most {@code threads} threads and {@code queue} waiting tasks; more are rejected. */
    static ThreadPoolExecutor bounded(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Interrupts what runs, cancels what waits and joins the threads for at most {@code wait}.
     * Returns whether every thread ended.
     */
    static boolean stop(ExecutorService pool, Duration wait, String what) {
        List<Runnable> pending = pool.shutdownNow();
        for (Runnable r : pending) {
            if (r instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            if (pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("the emergency {} did not stop within {} ms", what, wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping the emergency {}", what, e);
        }
        return false;
    }
}
