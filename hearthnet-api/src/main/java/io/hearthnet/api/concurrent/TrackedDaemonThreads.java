package io.hearthnet.api.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code name-N} and remembers the live ones, so that stopping a pool
 * can join its threads: a pool reports itself terminated from inside its last worker, a moment
 * before that thread has ended.
 */
final class TrackedDaemonThreads implements ThreadFactory {
    private final String name;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    TrackedDaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        synchronized (threads) {
            threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            threads.add(t);
        }
        return t;
    }

    /** Waits until every thread made so far has ended or {@code deadlineNanos} passes; true if all ended. */
    boolean join(long deadlineNanos) throws InterruptedException {
        List<Thread> made;
        synchronized (threads) {
            made = new ArrayList<>(threads);
        }
        for (Thread t : made) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
