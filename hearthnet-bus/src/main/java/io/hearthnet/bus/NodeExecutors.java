package io.hearthnet.bus;

import io.hearthnet.api.concurrent.Workers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The node's default thread pools. */
final class NodeExecutors {
    /** Most platform threads the fallback worker pool starts. */
    static final int MAX_PLATFORM_WORKERS = 256;

    private NodeExecutors() {}

    /** A worker pool for stream producers. */
    static ExecutorService workers(String prefix) {
        return Workers.newWorkerPool(prefix + "-worker", MAX_PLATFORM_WORKERS);
    }

    /** A scheduler for timers (manifest refresh, deadlines, service timers). */
    static ScheduledThreadPoolExecutor scheduler(String prefix) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, Workers.daemonThreads(prefix + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }
}
