package io.hearthnet.transport.http;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The server's executor: at most N requests are handled at once on the worker pool. A request
 * beyond that runs on the accepting thread in "refuse" mode, where the handler answers
 * {@code capacity_exceeded} at once instead of queueing it or starting another thread.
 */
final class AdmissionExecutor implements Executor {
    private static final ThreadLocal<Boolean> REFUSING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final ExecutorService workers;
    private final Semaphore permits;

    AdmissionExecutor(ExecutorService workers, int maxConcurrent) {
        this.workers = workers;
        this.permits = new Semaphore(maxConcurrent);
    }

    /** Whether the current request must be refused for lack of capacity. */
    static boolean refusing() {
        return REFUSING.get();
    }

    @Override
    public void execute(Runnable exchange) {
        if (permits.tryAcquire()) {
            try {
                workers.execute(() -> {
                    try {
                        exchange.run();
                    } finally {
                        permits.release();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                permits.release();
            }
        }
        REFUSING.set(Boolean.TRUE);
        try {
            exchange.run();
        } finally {
            REFUSING.set(Boolean.FALSE);
        }
    }

    int inUse(int max) {
        return max - permits.availablePermits();
    }
}
