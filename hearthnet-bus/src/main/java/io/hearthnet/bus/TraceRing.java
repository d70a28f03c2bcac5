package io.hearthnet.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The last N trace events, lock-free; older ones are overwritten. */
final class TraceRing {
    private final AtomicReferenceArray<TraceEvent> ring;
    private final AtomicLong written = new AtomicLong();

    TraceRing(int capacity) {
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    void add(TraceEvent event) {
        long n = written.getAndIncrement();
        ring.set((int) (n % ring.length()), event);
    }

    /** Up to {@code n} most recent events, newest first. */
    List<TraceEvent> recent(int n) {
        long end = written.get();
        int count = (int) Math.min(Math.min(n, ring.length()), end);
        List<TraceEvent> out = new ArrayList<>(Math.max(0, count));
        for (long i = end - 1; i >= end - count; i--) {
            TraceEvent e = ring.get((int) (i % ring.length()));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    long total() {
        return written.get();
    }
}
