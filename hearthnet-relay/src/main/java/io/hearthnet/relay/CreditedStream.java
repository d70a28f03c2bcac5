package io.hearthnet.relay;

import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameStream;
import java.util.Iterator;
import java.util.function.LongConsumer;

/**
 * The caller's view of a stream over the relay: counts the frames its reader takes and reports the
 * count every {@link #CREDIT_EVERY} frames, so the producer runs at most a receive buffer ahead of
 * the reader instead of overflowing it. Read by one thread at a time, like any stream.
 */
final class CreditedStream implements FrameStream {
    static final int CREDIT_EVERY = 256;

    private final FrameStream inner;
    private final LongConsumer report;
    private long taken;

    CreditedStream(FrameStream inner, LongConsumer report) {
        this.inner = inner;
        this.report = report;
    }

    @Override
    public Iterator<Frame> iterator() {
        Iterator<Frame> frames = inner.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return frames.hasNext();
            }

            @Override
            public Frame next() {
                Frame f = frames.next();
                if (++taken % CREDIT_EVERY == 0) {
                    report.accept(taken);
                }
                return f;
            }
        };
    }

    @Override
    public void close() {
        inner.close();
    }
}
