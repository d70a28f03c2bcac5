package io.hearthnet.services.support;

import io.hearthnet.api.concurrent.Workers;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread with a bounded queue for a service's background work (log sync, deliveries), so
 * that slow peers never hold the node's shared timer threads. Failures are logged with their cause;
 * work offered to a full queue is dropped with a warning (the periodic pass redoes it), work
 * offered after {@link #close()} is dropped quietly.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final String name;
    private final ThreadPoolExecutor executor;

    /** A started worker whose thread is called {@code name}, queueing at most {@code capacity} tasks. */
    public Worker(String name, int capacity) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                Workers.daemonThreads(name));
    }

    /** Queues {@code task}; {@code false} (and a warning) when the queue is full or the worker stopped. */
    public boolean submit(String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: {} failed", name, what, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                LOG.debug("{}: stopped, dropped {}", name, what);
            } else {
                LOG.warn("{}: queue full, dropped {}", name, what);
            }
            return false;
        }
    }

    /** Stops taking work, interrupts the running task and waits up to 5 s for the thread to end. */
    @Override
    public void close() {
        Workers.stop(executor, Duration.ofSeconds(5), name);
    }
}
