package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, in-memory connection between a stream's producer and its consumer: the producer
 * writes through {@link #sink()}, the consumer reads {@link #stream()}. A full pipe blocks the
 * producer; closing the stream cancels the producer; {@link #complete} and {@link #fail} write
 * the one closing frame (only the first closing call counts). Used by the bus for local streams
 * and by transports that turn a wire stream into a {@link FrameStream}.
 */
public final class FramePipe {
    /** Default number of frames buffered between producer and consumer. */
    public static final int DEFAULT_CAPACITY = 64;

    private final int capacity;
    private final ArrayDeque<Frame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final CopyOnWriteArrayList<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private final Sink sink = new Sink();
    private final Stream stream = new Stream();
    private long nextSeq;
    private Frame terminal;
    private boolean terminalTaken;
    private boolean cancelled;

    /** A pipe buffering {@link #DEFAULT_CAPACITY} frames. */
    public FramePipe() {
        this(DEFAULT_CAPACITY);
    }

    /** A pipe buffering at most {@code capacity} frames. */
    public FramePipe(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The producer's end. */
    public FrameSink sink() {
        return sink;
    }

    /** The consumer's end. */
    public FrameStream stream() {
        return stream;
    }

    /** Runs {@code action} once when the consumer cancels (at once if it already has). */
    public void onCancel(Runnable action) {
        onCancel.add(action);
        lock.lock();
        boolean already;
        try {
            already = cancelled;
        } finally {
            lock.unlock();
        }
        if (already && onCancel.remove(action)) {
            action.run();
        }
    }

    /** Ends the stream with a {@code done} frame carrying {@code data}; false if it had already ended. */
    public boolean complete(ObjectNode data) {
        return end(Frame.DONE, data);
    }

    /** Ends the stream with an {@code error} frame; false if it had already ended. */
    public boolean fail(HearthNetException error) {
        return end(Frame.ERROR, error.toJson());
    }

    /** Whether the consumer has cancelled. */
    public boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** Frames buffered and not yet read. */
    public int buffered() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean end(String event, ObjectNode data) {
        lock.lock();
        try {
            if (terminal != null || cancelled) {
                return false;
            }
            terminal = new Frame(event, data, nextSeq);
            nextSeq++;
            notEmpty.signalAll();
            notFull.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void cancel() {
        lock.lock();
        try {
            if (cancelled || terminalTaken) {
                return;
            }
            cancelled = true;
            frames.clear();
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable action : onCancel) {
            if (onCancel.remove(action)) {
                action.run();
            }
        }
    }

    private final class Sink implements FrameSink {
        @Override
        public void emit(String event, ObjectNode data) {
            if (Frame.DONE.equals(event) || Frame.ERROR.equals(event)) {
                throw new HearthNetException(ErrorCode.INTERNAL_ERROR,
                        "'" + event + "' is written by the framework when the producer returns or throws");
            }
            lock.lock();
            try {
                while (!cancelled && terminal == null && frames.size() >= capacity) {
                    awaitOrCancel(notFull);
                }
                if (cancelled) {
                    throw new CancellationException("the caller closed the stream");
                }
                if (terminal != null) {
                    throw new CancellationException("the stream has already ended with '" + terminal.event() + "'");
                }
                frames.addLast(new Frame(event, data, nextSeq));
                nextSeq++;
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isCancelled() {
            return FramePipe.this.isCancelled();
        }
    }

    private final class Stream implements FrameStream {
        private boolean iterated;

        @Override
        public Iterator<Frame> iterator() {
            synchronized (this) {
                if (iterated) {
                    throw new IllegalStateException("a frame stream can be iterated once");
                }
                iterated = true;
            }
            return new FrameIterator() {
                @Override
                protected Frame readFrame() {
                    return take();
                }
            };
        }

        @Override
        public void close() {
            cancel();
        }
    }

    /** Blocks for the next frame; null once cancelled. */
    private Frame take() {
        lock.lock();
        try {
            while (frames.isEmpty() && terminal == null && !cancelled) {
                awaitOrCancel(notEmpty);
            }
            if (cancelled) {
                return null;
            }
            if (!frames.isEmpty()) {
                Frame frame = frames.pollFirst();
                notFull.signal();
                return frame;
            }
            terminalTaken = true;
            return terminal;
        } finally {
            lock.unlock();
        }
    }

    /** Waits on {@code condition} (lock held); an interrupt cancels the stream and is kept set. */
    private void awaitOrCancel(Condition condition) {
        try {
            condition.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.unlock();
            try {
                cancel();
            } finally {
                lock.lock();
            }
            throw new CancellationException("interrupted while waiting on the stream");
        }
    }
}
