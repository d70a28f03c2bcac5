package io.hearthnet.api.concurrent;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The executor a server hands its exchanges to: at most {@code maxAdmitted} run (or wait for a
 * worker) at once. An exchange beyond that runs at once on the submitting thread — the server's
 * accepting thread — with {@link #refusing()} true, so its handler answers
 * {@code capacity_exceeded} without queueing it or starting a thread. Overload costs one short
 * answer instead of memory or threads.
 */
public final class AdmissionExecutor implements Executor {
    private static final ThreadLocal<Boolean> REFUSING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final ExecutorService workers;
    private final int maxAdmitted;
    private final Semaphore permits;

    /**
     * @param workers     runs admitted exchanges; the caller owns it and shuts it down
     * @param maxAdmitted exchanges admitted at once, at least 1
     */
    public AdmissionExecutor(ExecutorService workers, int maxAdmitted) {
        if (maxAdmitted < 1) {
            throw new IllegalArgumentException("maxAdmitted must be at least 1, got " + maxAdmitted);
        }
        this.workers = workers;
        this.maxAdmitted = maxAdmitted;
        this.permits = new Semaphore(maxAdmitted);
    }

    /** Whether the exchange running on this thread was not admitted and must be refused. */
    public static boolean refusing() {
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

    /** Exchanges admitted and not finished. */
    public int admitted() {
        return maxAdmitted - permits.availablePermits();
    }

    /** The most exchanges admitted at once. */
    public int maxAdmitted() {
        return maxAdmitted;
    }
}
