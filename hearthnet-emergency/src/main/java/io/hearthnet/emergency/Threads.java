package io.hearthnet.emergency;

import io.hearthnet.api.concurrent.Workers;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The bounded, named daemon pools emergency mode runs on, and how they are stopped. */
final class Threads {
    private Threads() {}

    /** A pool of at most {@code threads} threads and {@code queue} waiting tasks; more are rejected. */
    static ThreadPoolExecutor bounded(String name, int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), Workers.daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Interrupts what runs, cancels what waits and joins the threads for at most {@code wait}.
     * Returns whether every thread ended.
     */
    static boolean stop(ExecutorService pool, Duration wait, String what) {
        return Workers.stop(pool, wait, "the emergency " + what);
    }
}
