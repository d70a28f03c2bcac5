package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameSink;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.wire.CallEnvelope;
import io.hearthnet.api.wire.InboundGate;
import io.hearthnet.api.wire.SignedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callee's side of the relay transport: the inbound pipeline every transport runs (parse →
 * signature and timestamp → replay → community → the node), on a bounded pool, and the way back:
 * a signed reply, or for a stream a signed acceptance followed by frames in {@code seq} order
 * ending with {@code done} or {@code error}.
 */
final class InboundCalls {
    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REFUSAL_DEADLINE = Duration.ofSeconds(5);
    static final Duration CAPACITY_RETRY = Duration.ofMillis(100);

    private final TransportContext context;
    /** Frames of one stream on their way to the hub at once. */
    static final int FRAME_WINDOW = 32;

    private final EnvelopeSender sender;
    private final ExecutorService workers;
    private final InboundGate gate;
    private final Map<String, RelaySink> streams = new ConcurrentHashMap<>();
    private final Semaphore slots;

    /** Serves at most {@code maxConcurrent} calls at once, whatever {@code workers} allows (virtual threads allow any number). */
    InboundCalls(TransportContext context, EnvelopeSender sender, ExecutorService workers, int maxConcurrent) {
        this.context = context;
        this.sender = sender;
        this.workers = workers;
        this.slots = new Semaphore(maxConcurrent);
        this.gate = new InboundGate(context.clock(), CallEnvelope.DEFAULT_WINDOW, context.communityId());
    }

    /** Serves a call envelope on the pool; a full pool answers {@code capacity_exceeded}. */
    void onCall(RelayMessage m) {
        if (slots.tryAcquire()) {
            try {
                workers.execute(() -> {
                    try {
                        serve(m);
                    } finally {
                        slots.release();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                slots.release();
            }
        }
        HearthNetException busy = HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED,
                "this node is serving its maximum of relayed calls", CAPACITY_RETRY);
        try {
            workers.execute(() -> refuse(m, busy));
        } catch (RejectedExecutionException e) {
            LOG.warn("relayed call {} from {} dropped: every relay worker is busy (the caller times out)", m.id(),
                    m.from().shortForm());
        }
    }

    /** The caller closed stream {@code re} early. */
    void onCancel(RelayMessage m) {
        String re = m.json().path("re").asText("");
        RelaySink sink = streams.get(re);
        if (sink != null && sink.caller.equals(m.from())) {
            sink.cancel();
        }
    }

    /** The caller's reader has taken {@code read} frames of stream {@code re}. */
    void onCredit(RelayMessage m) {
        String re = m.json().path("re").asText("");
        JsonNode read = m.json().get("read");
        if (read == null || !read.canConvertToLong() || read.asLong() < 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "credit envelope without a valid 'read' count");
        }
        RelaySink sink = streams.get(re);
        if (sink != null && sink.caller.equals(m.from())) {
            sink.credit(read.asLong());
        }
    }

    /** Answers with the node's signed manifest. */
    void onManifestRequest(RelayMessage m) {
        try {
            workers.execute(() -> {
                try {
                    ObjectNode out = RelayMessage.create(HubAuth.newId(), self(), m.from(), RelayWire.KIND_MANIFEST);
                    out.put("re", m.id());
                    out.set("manifest", context.dispatcher().manifest());
                    sender.post(out, context.clock().instant().plus(REFUSAL_DEADLINE));
                } catch (HearthNetException e) {
                    LOG.warn("could not answer the manifest request of {}: {}", m.from().shortForm(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("manifest request of {} dropped: every relay worker is busy", m.from().shortForm());
        }
    }

    private void serve(RelayMessage m) {
        boolean stream = m.json().path("stream").asBoolean(false);
        Call call;
        try {
            call = admit(m);
        } catch (HearthNetException e) {
            refuse(m, e);
            return;
        }
        Reply reply;
        try {
            reply = context.dispatcher().dispatch(call);
        } catch (HearthNetException e) {
            answer(m, call.deadline(), e.code().httpStatus(), e.toJson());
            return;
        } catch (RuntimeException e) {
            LOG.error("dispatching relayed {} failed", call.capability(), e);
            answer(m, call.deadline(), 500, new HearthNetException(ErrorCode.INTERNAL_ERROR, "the node failed: " + e).toJson());
            return;
        }
        if (!stream) {
            if (reply instanceof Reply.Unary unary) {
                answer(m, call.deadline(), 200, unary.body());
            } else {
                runRefused((Reply.Stream) reply);
                answer(m, call.deadline(), 400, new HearthNetException(ErrorCode.BAD_REQUEST,
                        call.capability() + " streams; call it as a stream").toJson());
            }
            return;
        }
        // Registered before the acceptance goes out, so a cancel or credit that overtakes it finds the stream.
        RelaySink sink = new RelaySink(m, call.deadline());
        streams.put(m.id(), sink);
        if (!answer(m, call.deadline(), 200, Json.object().put("stream", true))) {
            streams.remove(m.id());
            if (reply instanceof Reply.Stream s) {
                runRefused(s);
            }
            return;
        }
        if (reply instanceof Reply.Unary unary) {
            sink.end(Frame.DONE, unary.body());
            streams.remove(m.id());
            return;
        }
        try {
            ((Reply.Stream) reply).producer().produce(sink);
            sink.end(Frame.DONE, Json.object());
        } catch (CancellationException e) {
            LOG.debug("relayed stream {} cancelled: {}", m.id(), e.getMessage());
        } catch (HearthNetException e) {
            sink.end(Frame.ERROR, e.toJson());
        } catch (Exception e) {
            LOG.error("relayed stream {} failed", m.id(), e);
            sink.end(Frame.ERROR, new HearthNetException(ErrorCode.INTERNAL_ERROR, "the stream failed: " + e).toJson());
        } finally {
            streams.remove(m.id());
        }
    }

    private Call admit(RelayMessage m) {
        ObjectNode json = m.json();
        if (!(json.get("call") instanceof ObjectNode callJson)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "call envelope without a 'call' object");
        }
        CallEnvelope envelope = CallEnvelope.fromJson(callJson);
        if (!envelope.from().equals(m.from())) {
            throw new HearthNetException(ErrorCode.UNAUTHORIZED, "the call is signed by " + envelope.from().shortForm()
                    + " but was sent by " + m.from().shortForm());
        }
        if (!envelope.requestId().equals(m.id())) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "the call's request id differs from its envelope id");
        }
        gate.check(envelope);
        return envelope.toCall(context.clock(), MAX_TIMEOUT);
    }

    private void refuse(RelayMessage m, HearthNetException error) {
        answer(m, context.clock().instant().plus(REFUSAL_DEADLINE), error.code().httpStatus(), error.toJson());
    }

    /** Sends a signed reply; false (logged) when it could not be delivered. */
    private boolean answer(RelayMessage m, Instant deadline, int status, ObjectNode body) {
        SignedResponse signed = SignedResponse.sign(context.keys(), m.id(), status, body, context.clock());
        ObjectNode out = RelayMessage.create(HubAuth.newId(), self(), m.from(), RelayWire.KIND_REPLY);
        out.put("re", m.id());
        out.put("status", status);
        out.set("body", body);
        out.put("timestamp", signed.timestamp());
        out.put("signature", signed.signature());
        try {
            sender.post(out, deadline);
            return true;
        } catch (HearthNetException e) {
            LOG.warn("reply to {} for {} not delivered: {}", m.from().shortForm(), m.id(), e.getMessage());
            return false;
        }
    }

    /** Runs a producer that nobody reads, once, so the node frees the call's slot; it stops at its first frame. */
    private static void runRefused(Reply.Stream reply) {
        try {
            reply.producer().produce(new FrameSink() {
                @Override
                public void emit(String event, ObjectNode data) {
                    throw new CancellationException("nobody reads this stream");
                }

                @Override
                public boolean isCancelled() {
                    return true;
                }
            });
        } catch (Exception e) {
            LOG.debug("refused stream producer ended: {}", e.toString());
        }
    }

    private NodeId self() {
        return context.keys().nodeId();
    }

    /**
     * Sends a stream's frames as envelopes in {@code seq} order without waiting for each to be
     * stored: up to {@link #FRAME_WINDOW} may be on their way at once (the caller reorders them).
     * {@code emit} blocks while that many are, and while the caller's reader is
     * {@link StreamReceiver#CAPACITY} frames behind (it reports what it has read with {@code credit}
     * envelopes), so a slow reader slows the producer. {@code done} or {@code error} goes once every
     * frame before it is stored.
     */
    private final class RelaySink implements FrameSink {
        final NodeId caller;
        private final String re;
        private final Instant deadline;
        private final ArrayDeque<CompletableFuture<Void>> unsettled = new ArrayDeque<>();
        private long seq;
        private long read;
        volatile boolean cancelled;

        RelaySink(RelayMessage m, Instant deadline) {
            this.caller = m.from();
            this.re = m.id();
            this.deadline = deadline;
        }

        @Override
        public void emit(String event, ObjectNode data) {
            if (Frame.DONE.equals(event) || Frame.ERROR.equals(event)) {
                throw new HearthNetException(ErrorCode.INTERNAL_ERROR,
                        "'" + event + "' is written by the framework when the producer returns or throws");
            }
            new Frame(event, data, seq);
            if (!awaitRoom()) {
                giveUp();
                throw new CancellationException(cancelled ? "the caller closed the stream"
                        : "the caller's reader did not catch up before the deadline");
            }
            unsettled.add(sender.postAsync(frame(event, data), deadline));
            boolean delivered = true;
            while (delivered && (unsettled.size() > FRAME_WINDOW || (!unsettled.isEmpty() && unsettled.peek().isDone()))) {
                delivered = settle(unsettled.poll());
            }
            if (!delivered) {
                cancelled = true;
                giveUp();
                throw new CancellationException("the caller can no longer be reached through the hub");
            }
        }

        /** Sends {@code done} or {@code error} once every frame before it is stored; nothing if the stream broke. */
        void end(String event, ObjectNode data) {
            while (!cancelled && !unsettled.isEmpty()) {
                if (!settle(unsettled.poll())) {
                    cancelled = true;
                }
            }
            if (cancelled) {
                giveUp();
                return;
            }
            try {
                sender.post(frame(event, data), deadline);
            } catch (HearthNetException e) {
                LOG.warn("the {} frame of stream {} to {} was not delivered: {}", event, re, caller.shortForm(), e.getMessage());
            }
        }

        private ObjectNode frame(String event, ObjectNode data) {
            ObjectNode out = RelayMessage.create(HubAuth.newId(), self(), caller, RelayWire.KIND_FRAME);
            out.put("re", re);
            out.put("seq", seq++);
            out.put("event", event);
            out.set("data", data);
            return out;
        }

        /** Waits for one frame to be stored (until the deadline); false, logged, if it was not. */
        private boolean settle(CompletableFuture<Void> frame) {
            long left = Math.max(1, Duration.between(context.clock().instant(), deadline).toMillis());
            try {
                frame.get(left, TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                LOG.warn("a frame of stream {} to {} was not delivered: {}", re, caller.shortForm(), e.getCause().getMessage());
            } catch (TimeoutException e) {
                LOG.warn("a frame of stream {} to {} was not delivered before the deadline", re, caller.shortForm());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frame.cancel(false);
            return false;
        }

        /** Waits until the reader is less than a buffer behind; false when cancelled or past the deadline. */
        private synchronized boolean awaitRoom() {
            while (!cancelled && seq - read >= StreamReceiver.CAPACITY) {
                long left = Duration.between(context.clock().instant(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !cancelled;
        }

        synchronized void credit(long readByCaller) {
            if (readByCaller > read) {
                read = readByCaller;
                notifyAll();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        /** Withdraws the frames not yet sent. */
        private void giveUp() {
            unsettled.forEach(f -> f.cancel(false));
            unsettled.clear();
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
