package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FramePipe;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The caller's end of one stream over the relay: waits for the callee's signed acceptance, then
 * puts frames into a {@link FramePipe} in {@code seq} order (reordering and dropping duplicates),
 * until {@code done} or {@code error}. It never blocks the poll thread: the producer stays within
 * {@link #CAPACITY} frames of what the reader has taken (see {@link CreditedStream}), and one that
 * does not fails the stream with {@code capacity_exceeded}.
 */
final class StreamReceiver {
    static final int CAPACITY = 1_024;
    private static final int MAX_OUT_OF_ORDER = 256;

    final String id;
    final NodeId node;
    final FramePipe pipe = new FramePipe(CAPACITY);
    final CompletableFuture<ObjectNode> accepted = new CompletableFuture<>();
    private final TreeMap<Long, ObjectNode> early = new TreeMap<>();
    private long next;
    private boolean ended;
    private boolean terminal;
    volatile Future<?> deadline;

    StreamReceiver(String id, NodeId node) {
        this.id = id;
        this.node = node;
    }

    /**
     * Takes one frame envelope; returns true when the stream has ended (terminal frame, or a
     * failure that the caller should tell the callee about by cancelling).
     */
    synchronized boolean frame(ObjectNode envelope) {
        if (ended) {
            return true;
        }
        JsonNode seqNode = envelope.get("seq");
        if (seqNode == null || !seqNode.canConvertToLong() || seqNode.asLong() < 0) {
            fail(new HearthNetException(ErrorCode.BAD_REQUEST, "frame envelope without a valid seq"));
            return true;
        }
        long seq = seqNode.asLong();
        if (seq < next) {
            return false;
        }
        early.put(seq, envelope);
        if (early.size() > MAX_OUT_OF_ORDER) {
            fail(new HearthNetException(ErrorCode.CAPACITY_EXCEEDED, "more than " + MAX_OUT_OF_ORDER
                    + " frames arrived out of order"));
            return true;
        }
        for (ObjectNode f = early.remove(next); f != null; f = early.remove(next)) {
            next++;
            if (deliver(f)) {
                return true;
            }
        }
        return false;
    }

    private boolean deliver(ObjectNode f) {
        String event = f.path("event").asText("");
        JsonNode data = f.get("data");
        ObjectNode body = data instanceof ObjectNode o ? o : Json.object();
        if (Frame.DONE.equals(event)) {
            ended = true;
            terminal = true;
            pipe.complete(body);
            return true;
        }
        if (Frame.ERROR.equals(event)) {
            ended = true;
            terminal = true;
            pipe.fail(HearthNetException.fromJson(body));
            return true;
        }
        if (pipe.buffered() >= CAPACITY) {
            fail(new HearthNetException(ErrorCode.CAPACITY_EXCEEDED, "the reader fell " + CAPACITY
                    + " frames behind the stream"));
            return true;
        }
        try {
            pipe.sink().emit(event, body);
            return false;
        } catch (HearthNetException e) {
            fail(e);
            return true;
        } catch (CancellationException e) {
            ended = true;
            return true;
        }
    }

    /**
     * Ends the stream with {@code error} (deadline, transport closing, protocol error); false when
     * it had already ended.
     */
    synchronized boolean fail(HearthNetException error) {
        if (ended) {
            return false;
        }
        ended = true;
        pipe.fail(error);
        accepted.completeExceptionally(error);
        return true;
    }

    /** The reader closed the stream early; false when it had already ended. */
    synchronized boolean abandon() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /** Whether the callee ended the stream itself (with {@code done} or {@code error}). */
    synchronized boolean endedByCallee() {
        return terminal;
    }
}
