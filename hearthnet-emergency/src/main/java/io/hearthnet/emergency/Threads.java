package io.hearthnet.emergency;

import io.hearthnet.api.concurrent.Workers;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The bounded, named daemon pools emergency mode runs on ({@code Workers.stop} stops them). */
final class Threads {
    private Threads() {}

    /** A pool of at most {@code threads} threads and {@code queue} waiting tasks; more are rejected. */
    static ThreadPoolExecutor bounded(String name, int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), Workers.daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
