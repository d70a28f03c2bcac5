package io.hearthnet.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameSink;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a stream's frames as server-sent events ({@code event:}, {@code id:}, {@code data:} one-line
 * JSON), flushing each. Writing blocks while the reader is slow (TCP pushes back), so memory does not
 * grow; a failed write means the reader has gone, and the next {@link #emit} throws
 * {@link CancellationException}. {@link #heartbeat()} writes an SSE comment on an idle stream so a
 * departed reader is noticed even while the producer is quiet. Thread-safe; a heartbeat never
 * waits for a write in progress, and is written on a worker, not on the timer that asks for it.
 */
final class SseWriter implements FrameSink {
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean heartbeatPending = new AtomicBoolean();
    private long seq;
    private volatile boolean cancelled;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean ended;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void emit(String event, ObjectNode data) {
        if (Frame.DONE.equals(event) || Frame.ERROR.equals(event)) {
            throw new IllegalArgumentException("'" + event + "' is written when the producer returns or throws");
        }
        write(event, data);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Writes the closing {@code done} frame. */
    void done(ObjectNode data) {
        write(Frame.DONE, data);
        ended();
    }

    /** Writes the closing {@code error} frame (if the reader is still there). */
    void error(HearthNetException error) {
        try {
            write(Frame.ERROR, error.toJson());
        } catch (CancellationException e) {
            // The reader has gone; nobody is left to tell.
        }
        ended();
    }

    /**
     * Marks the stream over, then runs {@code close} (which writes the final chunk) once no
     * heartbeat is writing, or after a second if one is stuck on a reader that stopped reading:
     * closing is never held up for long, and no heartbeat starts after it.
     */
    void closeWith(Runnable close) {
        ended = true;
        boolean locked = false;
        try {
            locked = lock.tryLock(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            close.run();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * If nothing was written for {@code idleNanos} and no write is under way, has {@code writer}
     * write a comment (which notices a departed reader). Returns at once: a reader that stopped
     * reading blocks only that one write, never the caller (the node's timer).
     */
    void heartbeat(long idleNanos, Executor writer) {
        if (cancelled || ended || lock.isLocked() || System.nanoTime() - lastWriteNanos < idleNanos
                || !heartbeatPending.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.execute(this::writeHeartbeat);
        } catch (RejectedExecutionException busy) {
            heartbeatPending.set(false); // the next tick tries again
        }
    }

    private void writeHeartbeat() {
        try {
            if (!lock.tryLock()) {
                return; // a frame is being written: the stream is not idle
            }
            try {
                if (ended || cancelled) {
                    return;
                }
                out.write(HEARTBEAT);
                out.flush();
                // lastWriteNanos tracks frames only: a heartbeat written a little after its tick must
                // not make the next tick find the stream "not idle yet" and skip a period.
            } catch (IOException e) {
                cancelled = true;
            } finally {
                lock.unlock();
            }
        } finally {
            heartbeatPending.set(false);
        }
    }

    private void write(String event, ObjectNode data) {
        lock.lock();
        try {
            if (cancelled) {
                throw new CancellationException("the caller closed the stream");
            }
            if (ended) {
                throw new CancellationException("the stream has already ended");
            }
            StringBuilder text = new StringBuilder(64);
            text.append("event: ").append(event).append("\nid: ").append(seq++).append("\ndata: ")
                    .append(Json.write(data)).append("\n\n");
            try {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWriteNanos = System.nanoTime();
            } catch (IOException e) {
                cancelled = true;
                throw new CancellationException("the caller closed the stream: " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    private void ended() {
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
    }
}
