package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static io.hearthnet.api.testing.Threads.await;
import static io.hearthnet.api.testing.Threads.awaitState;
import static io.hearthnet.api.testing.Threads.awaitTrue;
import static io.hearthnet.api.testing.Threads.join;
import static io.hearthnet.api.testing.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramePipeTest {
    private static ObjectNode data(int n) {
        return Json.object().put("n", n);
    }

    /** A pipe of {@code capacity} holding {@code count} frames "f" with data n = 0, 1, ... */
    private static FramePipe filled(int capacity, int count) {
        FramePipe pipe = new FramePipe(capacity);
        for (int i = 0; i < count; i++) {
            pipe.sink().emit("f", data(i));
        }
        return pipe;
    }

    /** A producer thread that emits frames until the pipe stops it; counts what it emitted. */
    private static final class Producer {
        final AtomicInteger emitted = new AtomicInteger();
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final FramePipe pipe;
        final Thread thread;

        Producer(FramePipe pipe, int limit) {
            this.pipe = pipe;
            thread = start("producer", outcome, () -> {
                for (int i = 0; i < limit; i++) {
                    pipe.sink().emit("f", data(i));
                    emitted.incrementAndGet();
                }
            });
        }

        /**
         * Waits until the producer is parked in {@code emit} on a pipe holding {@code buffered} frames
         * (a full pipe: parked on the lock instead, it would leave fewer frames buffered).
         */
        void awaitBlocked(int buffered) {
            awaitTrue("the producer to block on " + buffered + " buffered frames",
                    () -> thread.getState() == Thread.State.WAITING && pipe.buffered() == buffered);
        }

        Throwable awaitEnd() {
            join(thread);
            return outcome.get();
        }
    }

    @Test
    void framesArriveInOrderWithSeqAndTheDoneFrameIsYielded() {
        FramePipe pipe = filled(8, 3);
        assertThat(pipe.complete(Json.object().put("tokens", 3))).isTrue();
        List<Frame> frames = pipe.stream().readAll();
        assertThat(frames).extracting(Frame::event).containsExactly("f", "f", "f", "done");
        assertThat(frames).extracting(Frame::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(frames.subList(0, 3)).extracting(f -> f.data().get("n").asInt()).containsExactly(0, 1, 2);
        assertThat(frames.get(3).data()).isEqualTo(Json.object().put("tokens", 3));
        assertThat(pipe.isCancelled()).as("reading to the end is not a cancel").isFalse();
    }

    @Test
    void iterationEndsAfterTheDoneFrame() {
        FramePipe pipe = filled(4, 1);
        pipe.complete(Json.object());
        Iterator<Frame> it = pipe.stream().iterator();
        assertThat(it.next().event()).isEqualTo("f");
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next().isDone()).isTrue();
        assertThat(it.hasNext()).isFalse();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void anErrorFrameIsThrownFromHasNext() {
        FramePipe pipe = filled(4, 2);
        HearthNetException sent = HearthNetException.schemaMismatch("frame 2 is wrong", "blake3:" + "0".repeat(64));
        assertThat(pipe.fail(sent)).isTrue();
        Iterator<Frame> it = pipe.stream().iterator();
        assertThat(it.next().seq()).isZero();
        assertThat(it.next().seq()).isOne();
        HearthNetException thrown = fails(ErrorCode.SCHEMA_MISMATCH, "frame 2 is wrong", it::hasNext);
        assertThat(thrown.schemaHashExpected()).isEqualTo(sent.schemaHashExpected());
        assertThat(it.hasNext()).as("the stream is over after its error").isFalse();
    }

    @Test
    void readAllThrowsTheError() {
        FramePipe pipe = filled(4, 1);
        pipe.fail(new HearthNetException(ErrorCode.TIMEOUT, "too slow"));
        fails(ErrorCode.TIMEOUT, "too slow", () -> pipe.stream().readAll());
        assertThat(pipe.isCancelled()).isFalse();
    }

    @Test
    void completeAndFailCountOnce() {
        FramePipe pipe = new FramePipe(4);
        assertThat(pipe.complete(data(1))).isTrue();
        assertThat(pipe.complete(data(2))).isFalse();
        assertThat(pipe.fail(new HearthNetException(ErrorCode.TIMEOUT, "late"))).isFalse();
        assertThat(pipe.stream().readAll()).singleElement().satisfies(f -> {
            assertThat(f.isDone()).isTrue();
            assertThat(f.data()).isEqualTo(data(1));
            assertThat(f.seq()).isZero();
        });

        FramePipe failed = new FramePipe(4);
        assertThat(failed.fail(new HearthNetException(ErrorCode.REVOKED, "first"))).isTrue();
        assertThat(failed.fail(new HearthNetException(ErrorCode.TIMEOUT, "second"))).isFalse();
        assertThat(failed.complete(data(1))).isFalse();
        fails(ErrorCode.REVOKED, "first", () -> failed.stream().readAll());
    }

    @Test
    void emittingAfterTheEndIsRefused() {
        FramePipe pipe = new FramePipe(4);
        pipe.complete(Json.object());
        assertThatThrownBy(() -> pipe.sink().emit("late", Json.object())).isInstanceOf(CancellationException.class)
                .hasMessageContaining("already ended with 'done'");
    }

    @ParameterizedTest
    @ValueSource(strings = {Frame.DONE, Frame.ERROR})
    void reservedEventNamesAreRefused(String event) {
        FramePipe pipe = new FramePipe(4);
        fails(ErrorCode.INTERNAL_ERROR, "'" + event + "' is written by the framework", () -> pipe.sink().emit(event, Json.object()));
        assertThat(pipe.buffered()).isZero();
        pipe.complete(Json.object());
        assertThat(pipe.stream().readAll()).extracting(Frame::event).containsExactly("done");
    }

    @Test
    void aRefusedFrameDoesNotUseUpASeq() {
        FramePipe pipe = new FramePipe(4);
        fails(ErrorCode.BAD_REQUEST, "frame event", () -> pipe.sink().emit("two\nlines", Json.object()));
        assertThatThrownBy(() -> pipe.sink().emit("f", null)).isInstanceOf(NullPointerException.class);
        pipe.sink().emit("f", data(0));
        assertThatThrownBy(() -> pipe.complete(null)).isInstanceOf(NullPointerException.class);
        pipe.complete(Json.object());
        assertThat(pipe.stream().readAll()).extracting(Frame::seq).containsExactly(0L, 1L);
    }

    @Test
    void aStreamIsIteratedOnce() {
        FramePipe pipe = new FramePipe(4);
        FrameStream stream = pipe.stream();
        stream.iterator();
        assertThatIllegalStateException().isThrownBy(stream::iterator).withMessageContaining("iterated once");
    }

    @Test
    void capacityMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FramePipe(0));
        assertThat(new FramePipe(1).buffered()).isZero();
    }

    @Test
    void closingTheStreamCancelsTheProducer() {
        FramePipe pipe = filled(4, 2);
        AtomicInteger cancels = new AtomicInteger();
        pipe.onCancel(cancels::incrementAndGet);
        assertThat(pipe.isCancelled()).isFalse();
        assertThat(pipe.sink().isCancelled()).isFalse();

        pipe.stream().close();

        assertThat(pipe.isCancelled()).isTrue();
        assertThat(pipe.sink().isCancelled()).isTrue();
        assertThat(pipe.buffered()).as("unread frames are dropped").isZero();
        assertThat(cancels).hasValue(1);
        assertThatThrownBy(() -> pipe.sink().emit("f", data(9))).isInstanceOf(CancellationException.class)
                .hasMessageContaining("the caller closed the stream");
        assertThat(pipe.complete(Json.object())).isFalse();
        assertThat(pipe.fail(new HearthNetException(ErrorCode.TIMEOUT, "x"))).isFalse();

        pipe.stream().close();
        AtomicInteger late = new AtomicInteger();
        pipe.onCancel(late::incrementAndGet);
        assertThat(late).as("registered after the cancel: runs at once").hasValue(1);
        pipe.stream().close();
        assertThat(cancels).hasValue(1);
        assertThat(late).hasValue(1);
    }

    @Test
    void aClosedStreamYieldsNothing() {
        FramePipe pipe = filled(4, 2);
        FrameStream stream = pipe.stream();
        stream.close();
        assertThat(stream.iterator().hasNext()).isFalse();
    }

    @Test
    void closingAfterTheEndIsNotACancel() {
        FramePipe pipe = filled(4, 1);
        AtomicInteger cancels = new AtomicInteger();
        pipe.onCancel(cancels::incrementAndGet);
        pipe.complete(Json.object());
        try (FrameStream stream = pipe.stream()) {
            assertThat(stream).hasSize(2);
        }
        assertThat(pipe.isCancelled()).isFalse();
        assertThat(cancels).hasValue(0);
    }

    @Test
    void closingUnblocksAProducerWaitingOnAFullPipe() {
        FramePipe pipe = new FramePipe(2);
        AtomicInteger cancels = new AtomicInteger();
        pipe.onCancel(cancels::incrementAndGet);
        Producer producer = new Producer(pipe, 100);
        producer.awaitBlocked(2);
        assertThat(producer.emitted).hasValue(2);

        pipe.stream().close();

        assertThat(producer.awaitEnd()).isInstanceOf(CancellationException.class)
                .hasMessageContaining("the caller closed the stream");
        assertThat(producer.emitted).hasValue(2);
        assertThat(pipe.isCancelled()).isTrue();
        assertThat(cancels).hasValue(1);
    }

    @Test
    void aFullPipeBlocksTheProducerUntilTheConsumerReads() {
        FramePipe pipe = new FramePipe(2);
        Producer producer = new Producer(pipe, 3);
        producer.awaitBlocked(2);
        assertThat(producer.emitted).hasValue(2);
        assertThat(pipe.buffered()).isEqualTo(2);
        assertThat(producer.thread.isAlive()).isTrue();

        Iterator<Frame> it = pipe.stream().iterator();
        assertThat(it.next().seq()).isZero();

        assertThat(producer.awaitEnd()).isNull();
        assertThat(producer.emitted).hasValue(3);
        assertThat(pipe.buffered()).isEqualTo(2);
        pipe.complete(Json.object());
        List<Long> rest = new ArrayList<>();
        it.forEachRemaining(f -> rest.add(f.seq()));
        assertThat(rest).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aConsumerWaitsForTheProducer() {
        FramePipe pipe = new FramePipe(2);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread consumer = start("consumer", outcome, () -> {
            started.countDown();
            pipe.stream().forEach(f -> seen.add(f.event()));
        });
        await(started);
        awaitState(consumer, Thread.State.WAITING);
        pipe.sink().emit("a", data(0));
        pipe.sink().emit("b", data(1));
        pipe.complete(Json.object());
        join(consumer);
        assertThat(outcome.get()).isNull();
        assertThat(seen).containsExactly("a", "b", "done");
    }

    @Test
    void interruptingABlockedProducerCancelsThePipe() {
        FramePipe pipe = new FramePipe(1);
        AtomicInteger cancels = new AtomicInteger();
        pipe.onCancel(cancels::incrementAndGet);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread producer = start("producer", outcome, () -> {
            pipe.sink().emit("f", data(0));
            try {
                pipe.sink().emit("f", data(1));
            } finally {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitTrue("the producer to block on a full pipe",
                () -> producer.getState() == Thread.State.WAITING && pipe.buffered() == 1);

        producer.interrupt();

        join(producer);
        assertThat(outcome.get()).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted).as("the interrupt flag is kept").isTrue();
        assertThat(pipe.isCancelled()).isTrue();
        assertThat(cancels).hasValue(1);
        assertThat(pipe.stream().iterator().hasNext()).isFalse();
    }

    @Test
    void onCancelRacingWithCloseRunsEachActionOnce() {
        for (int round = 0; round < 200; round++) {
            FramePipe pipe = new FramePipe(1);
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread registrar = start("registrar", outcome, () -> {
                await(go);
                pipe.onCancel(runs::incrementAndGet);
            });
            go.countDown();
            pipe.stream().close();
            join(registrar);
            assertThat(outcome.get()).isNull();
            assertThat(runs).as("round %d", round).hasValue(1);
        }
    }

    @Property(tries = 25)
    void aNeverReadingConsumerBoundsTheBuffer(@ForAll @IntRange(min = 1, max = 32) int capacity) {
        FramePipe pipe = new FramePipe(capacity);
        Producer producer = new Producer(pipe, Integer.MAX_VALUE);
        int[] maxSeen = {0};
        awaitTrue("the producer to block on a full pipe", () -> {
            boolean parked = producer.thread.getState() == Thread.State.WAITING;
            int buffered = pipe.buffered();
            maxSeen[0] = Math.max(maxSeen[0], buffered);
            return parked && buffered == capacity;
        });
        assertThat(maxSeen[0]).isLessThanOrEqualTo(capacity);
        assertThat(pipe.buffered()).isEqualTo(capacity);
        assertThat(producer.emitted).hasValue(capacity);
        pipe.stream().close();
        assertThat(producer.awaitEnd()).isInstanceOf(CancellationException.class);
        assertThat(pipe.buffered()).isZero();
    }

    @Test
    void manyFramesFlowThroughASmallPipeInOrder() {
        FramePipe pipe = new FramePipe(3);
        int total = 2_000;
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread producer = start("producer", outcome, () -> {
            for (int i = 0; i < total; i++) {
                pipe.sink().emit("f", data(i));
            }
            pipe.complete(Json.object());
        });
        int expected = 0;
        int maxBuffered = 0;
        for (Frame f : pipe.stream()) {
            maxBuffered = Math.max(maxBuffered, pipe.buffered());
            if (f.isDone()) {
                assertThat(f.seq()).isEqualTo(total);
                break;
            }
            assertThat(f.seq()).isEqualTo(expected);
            assertThat(f.data().get("n").asInt()).isEqualTo(expected);
            expected++;
        }
        join(producer);
        assertThat(outcome.get()).isNull();
        assertThat(expected).isEqualTo(total);
        assertThat(maxBuffered).isLessThanOrEqualTo(3);
    }

    @Test
    void theDefaultCapacityIs64Frames() {
        FramePipe pipe = new FramePipe();
        Producer producer = new Producer(pipe, Integer.MAX_VALUE);
        producer.awaitBlocked(FramePipe.DEFAULT_CAPACITY);
        assertThat(producer.emitted).hasValue(FramePipe.DEFAULT_CAPACITY).hasValue(64);
        assertThat(pipe.buffered()).isEqualTo(64);
        pipe.stream().close();
        assertThat(producer.awaitEnd()).isInstanceOf(CancellationException.class);
    }
}
