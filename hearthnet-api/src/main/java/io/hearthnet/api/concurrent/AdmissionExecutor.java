package io.hearthnet.api.concurrent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor a server hands its exchanges to: at most {@code maxAdmitted} run (or wait for a
 * worker) at once. An exchange beyond that runs with {@link #refusing()} true, so its handler
 * answers {@code capacity_exceeded} without doing the work: on one of two refusal threads, or —
 * only when those are busy too — at once on the submitting thread (the server's dispatcher).
 * Overload costs one short answer instead of memory or threads. The JDK server reads a request on
 * the thread that runs its exchange, so the refusal threads keep a client that sends its request
 * slowly off the dispatcher. {@link #close()} stops the refusal threads.
 */
public final class AdmissionExecutor implements Executor, AutoCloseable {
    private static final ThreadLocal<Boolean> REFUSING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final int REFUSAL_THREADS = 2;
    private static final int REFUSAL_QUEUE = 64;

    private final ExecutorService workers;
    private final int maxAdmitted;
    private final Semaphore permits;
    private final ThreadPoolExecutor refusals = new ThreadPoolExecutor(REFUSAL_THREADS, REFUSAL_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(REFUSAL_QUEUE), Workers.daemonThreads("hearthnet-refusals"));

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
        refusals.allowCoreThreadTimeOut(true);
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
        try {
            refusals.execute(() -> refuse(exchange));
        } catch (RejectedExecutionException busy) {
            refuse(exchange);
        }
    }

    private static void refuse(Runnable exchange) {
        REFUSING.set(Boolean.TRUE);
        try {
            exchange.run();
        } finally {
            REFUSING.set(Boolean.FALSE);
        }
    }

    /** Stops the refusal threads; the workers belong to the caller. */
    @Override
    public void close() {
        Workers.stop(refusals, java.time.Duration.ofSeconds(5), "the refusal threads");
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
