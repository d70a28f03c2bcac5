package io.hearthnet.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Reports failures the way discovery wants them: every failure is counted, but one that repeats is
 * logged (with its cause) only the first time, until the same thing works again. Bounded; thread-safe.
 */
final class Failures {
    private static final int MAX_TRACKED = 1_024;

    private final Logger log;
    private final DiscoveryMetrics metrics;
    private final Map<String, Boolean> failing = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    Failures(Logger log, DiscoveryMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Counts a failure of {@code component} and logs it, with its cause, unless {@code key} is
     * already failing.
     */
    void report(String component, String key, String message, Throwable cause) {
        metrics.inc(DiscoveryMetrics.FAILURES, "component", component);
        boolean first;
        synchronized (failing) {
            first = failing.put(key, Boolean.TRUE) == null;
        }
        if (first) {
            log.warn("{} (further failures of this kind are counted, not logged, until it works again)", message, cause);
        } else {
            log.debug("{} again: {}", message, cause == null ? "" : cause.toString());
        }
    }

    /** Marks {@code key} as working again; logs that when it was failing. */
    void recovered(String key, String message) {
        boolean was;
        synchronized (failing) {
            was = failing.remove(key) != null;
        }
        if (was) {
            log.info(message);
        }
    }

    /** Whether {@code key} is failing now. */
    boolean isFailing(String key) {
        synchronized (failing) {
            return failing.containsKey(key);
        }
    }
}
