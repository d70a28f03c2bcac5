package io.hearthnet.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a member's envelopes to its hub, grouping the envelopes that wait at the same moment into
 * one request. A few sender threads each take whatever is queued (up to the hub's batch and size
 * limits) and send it as one request, so a lone envelope leaves at once and under load each
 * request carries what queued up while the earlier ones were in flight. Every request is a batch
 * that is not all or none, so one full mailbox refuses only the envelopes addressed to it. Until a
 * join answer announces the hub's {@code max_batch} (a hub that predates batches does not), each
 * envelope goes alone as a plain send. Thread-safe.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** The hub's default request limit, used until a join answer says otherwise. */
    static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** Room for the batch's wrapper and the commas between envelopes. */
    private static final int WRAPPER_BYTES = 64;

    private record Pending(byte[] bytes, Instant deadline, CompletableFuture<Void> stored) {}

    private final HubClient client;
    private final Clock clock;
    private final Duration requestTimeout;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Thread> senders = new ArrayList<>();
    private boolean closed;
    private volatile HearthNetException closedBecause;
    private volatile int maxBatch = 1;
    private volatile int maxBytes = DEFAULT_MAX_BYTES;

    Outbox(HubClient client, Clock clock, Duration requestTimeout) {
        this.client = client;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    /** Starts {@code count} sender threads, so that many send requests can be under way at once. */
    void start(ThreadFactory threads, int count) {
        synchronized (queue) {
            if (closed || !senders.isEmpty()) {
                throw new IllegalStateException("the outbox is " + (closed ? "closed" : "already started"));
            }
            for (int i = 0; i < count; i++) {
                Thread t = threads.newThread(this::sendLoop);
                senders.add(t);
                t.start();
            }
        }
    }

    /**
     * Adopts the limits a hub announced in its join answer. Without {@code max_batch} envelopes go
     * one per plain send; a {@code max_request_bytes} that is absent or too small is ignored.
     */
    void limits(JsonNode joinAnswer) {
        int batch = joinAnswer.path("max_batch").asInt(0);
        maxBatch = batch >= 1 ? Math.min(batch, SendRequest.MAX_BATCH) : 1;
        int bytes = joinAnswer.path("max_request_bytes").asInt(0);
        if (bytes > WRAPPER_BYTES) {
            maxBytes = bytes;
        }
    }

    /**
     * Queues {@code envelope} for the hub. The future completes once the hub has stored it, or
     * exceptionally with the hub's refusal of this envelope ({@code capacity_exceeded} with
     * retry_after_ms for a full mailbox, {@code not_found} for an addressee it does not know), a
     * failure of the whole request, or {@code timeout} when {@code deadline} passed before it was
     * sent. Cancelling the future before it is sent withdraws the envelope.
     */
    CompletableFuture<Void> submit(byte[] envelope, Instant deadline) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        int limit = maxBytes - WRAPPER_BYTES;
        if (envelope.length > limit) {
            stored.completeExceptionally(new HearthNetException(ErrorCode.CAPACITY_EXCEEDED, "an envelope of " + envelope.length
                    + " bytes is over the hub's request limit of " + maxBytes + " bytes"));
            return stored;
        }
        synchronized (queue) {
            if (closed) {
                stored.completeExceptionally(closedFailure(true));
                return stored;
            }
            queue.add(new Pending(envelope, deadline, stored));
            queue.notify();
        }
        return stored;
    }

    /**
     * Stops the sender threads (a request under way is abandoned) and fails every envelope not yet
     * stored with {@code why}; later submissions fail the same way.
     */
    void close(HearthNetException why) {
        List<Pending> left;
        synchronized (queue) {
            closedBecause = why;
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            queue.notifyAll();
        }
        left.forEach(p -> p.stored.completeExceptionally(closedFailure(true)));
        for (Thread t : senders) {
            t.interrupt();
        }
        for (Thread t : senders) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warn("relay sender thread {} did not stop within 5 s", t.getName());
            }
        }
    }

    /**
     * The close reason as an exception of its own for each envelope (no two threads throw the same
     * object); {@code unsent} when the envelope never left this node.
     */
    private HearthNetException closedFailure(boolean unsent) {
        HearthNetException why = closedBecause;
        return unsent ? HearthNetException.neverDelivered(why.code(), why.getMessage(), why)
                : new HearthNetException(why.code(), why.getMessage(), why);
    }

        private void sendLoop() {
        while (true) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                try {
                    send(batch);
                } catch (Throwable t) {
                    settle(batch, null, t);
                    if (t instanceof Error e) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Waits for envelopes and takes the next batch (empty when all it found had expired); null once closed. */
    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> expired = new ArrayList<>(0);
        List<Pending> batch = new ArrayList<>();
        synchronized (queue) {
            while (!closed && queue.isEmpty()) {
                queue.wait();
            }
            if (closed) {
                return null;
            }
            Instant now = clock.instant();
            int bytes = WRAPPER_BYTES;
            int most = maxBatch;
            int limit = maxBytes;
            for (Pending p = queue.peek(); p != null && batch.size() < most; p = queue.peek()) {
                if (p.stored.isDone()) {
                    queue.poll();
                } else if (!p.deadline.isAfter(now)) {
                    expired.add(queue.poll());
                } else if (bytes + p.bytes.length + 1 > limit && !batch.isEmpty()) {
                    break;
                } else {
                    bytes += p.bytes.length + 1;
                    batch.add(queue.poll());
                }
            }
            if (!queue.isEmpty()) {
                queue.notify();
            }
        }
        for (Pending p : expired) {
            p.stored.completeExceptionally(new HearthNetException(ErrorCode.TIMEOUT,
                    "the deadline passed before the envelope could be sent to the hub"));
        }
        return batch;
    }

    private void send(List<Pending> batch) {
        Instant latest = batch.get(0).deadline;
        List<byte[]> bodies = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            bodies.add(p.bytes);
            if (p.deadline.isAfter(latest)) {
                latest = p.deadline;
            }
        }
        Duration left = Duration.between(clock.instant(), latest);
        Duration timeout = left.compareTo(requestTimeout) < 0 ? (left.toMillis() < 1 ? Duration.ofMillis(1) : left) : requestTimeout;
        ObjectNode answer;
        try {
            if (batch.size() == 1 && maxBatch == 1) {
                client.send(bodies.get(0), timeout);
                batch.get(0).stored.complete(null);
                return;
            }
            answer = client.sendEach(bodies, timeout);
        } catch (RuntimeException e) {
            settle(batch, null, e);
            return;
        }
        settle(batch, answer, null);
    }

    private void settle(List<Pending> batch, ObjectNode answer, Throwable failure) {
        if (failure != null) {
            HearthNetException why = closedBecause != null ? closedFailure(false) : failure instanceof HearthNetException h ? h
                    : new HearthNetException(ErrorCode.INTERNAL_ERROR, "sending to the hub failed: " + failure, failure);
            if (!(failure instanceof HearthNetException)) {
                LOG.error("sending {} envelope(s) to the hub failed unexpectedly", batch.size(), failure);
            }
            batch.forEach(p -> p.stored.completeExceptionally(why));
            return;
        }
        JsonNode results = answer.get("results");
        if (results == null || !results.isArray() || results.size() != batch.size()) {
            HearthNetException why = new HearthNetException(ErrorCode.BAD_REQUEST, "the hub answered a batch of " + batch.size()
                    + " envelopes without one result for each");
            LOG.warn(why.getMessage());
            batch.forEach(p -> p.stored.completeExceptionally(why));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.get(i);
            String queued = result.path("queued").asText("");
            if (queued.equals("new") || queued.equals("duplicate")) {
                batch.get(i).stored.complete(null);
            } else if (result.has("error")) {
                batch.get(i).stored.completeExceptionally(HearthNetException.fromJson(result));
            } else {
                batch.get(i).stored.completeExceptionally(new HearthNetException(ErrorCode.BAD_REQUEST,
                        "the hub answered an envelope with neither 'queued' nor 'error': " + result));
            }
        }
    }
}
