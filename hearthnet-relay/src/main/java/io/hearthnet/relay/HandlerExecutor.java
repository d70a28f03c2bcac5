package io.hearthnet.relay;

import io.hearthnet.api.concurrent.Workers;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hub server's executor: a fixed pool with a short bounded queue. A request that finds both
 * full runs on the accepting thread in "overloaded" mode, where the handler answers
 * {@code capacity_exceeded} at once instead of waiting for a thread.
 */
final class HandlerExecutor implements Executor {
    private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final ThreadPoolExecutor pool;

    HandlerExecutor(String name, int threads, int queue) {
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Workers.daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
    }

    /** Whether the request on this thread must be refused for lack of capacity. */
    static boolean overloaded() {
        return OVERLOADED.get();
    }

    @Override
    public void execute(Runnable exchange) {
        try {
            pool.execute(exchange);
        } catch (RejectedExecutionException e) {
            OVERLOADED.set(Boolean.TRUE);
            try {
                exchange.run();
            } finally {
                OVERLOADED.set(Boolean.FALSE);
            }
        }
    }

    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
