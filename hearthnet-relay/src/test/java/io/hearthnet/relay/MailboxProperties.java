package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The mailbox against a model: never more than its capacity, nothing lost, delivered in order,
 * and an envelope leaves only when the response carrying it was written.
 */
class MailboxProperties {
    enum Op { SEND, SEND_FAILS_TO_STORE, POLL_WRITTEN, POLL_NOT_WRITTEN, POLL_AND_HOLD, ACK_HELD, FAIL_HELD }

    @Property
    void a_mailbox_stays_bounded_loses_nothing_and_delivers_in_order(@ForAll @IntRange(min = 1, max = 12) int capacity,
                                                                      @ForAll("ops") List<Op> ops,
                                                                      @ForAll @IntRange(min = 1, max = 5) int batch) {
        Mailbox box = new Mailbox(capacity);
        ArrayDeque<Long> model = new ArrayDeque<>();
        List<Long> delivered = new ArrayList<>();
        List<QueuedEnvelope> held = List.of();
        long seq = 0;
        for (Op op : ops) {
            switch (op) {
                case SEND, SEND_FAILS_TO_STORE -> {
                    boolean room = model.size() < capacity;
                    assertThat(box.tryReserve()).isEqualTo(room);
                    if (room) {
                        assertThat(box.size() + box.reserved()).isLessThanOrEqualTo(capacity);
                        if (op == Op.SEND) {
                            box.commit(new QueuedEnvelope(seq, "e" + seq, "s", new byte[] {(byte) seq}));
                            model.addLast(seq);
                            seq++;
                        } else {
                            box.release();
                        }
                    }
                }
                case POLL_WRITTEN, POLL_NOT_WRITTEN, POLL_AND_HOLD -> {
                    List<QueuedEnvelope> got = box.lease(batch, Long.MAX_VALUE);
                    if (!held.isEmpty()) {
                        assertThat(got).as("one lease at a time").isEmpty();
                        continue;
                    }
                    List<Long> expected = new ArrayList<>(model).subList(0, Math.min(batch, model.size()));
                    assertThat(got).extracting(QueuedEnvelope::seq).containsExactlyElementsOf(expected);
                    if (op == Op.POLL_WRITTEN) {
                        assertThat(box.acknowledge()).extracting(QueuedEnvelope::seq).containsExactlyElementsOf(expected);
                        expected.forEach(s -> delivered.add(model.removeFirst()));
                    } else if (op == Op.POLL_NOT_WRITTEN) {
                        box.unlease();
                    } else {
                        held = got;
                    }
                }
                case ACK_HELD -> {
                    if (!held.isEmpty()) {
                        assertThat(box.acknowledge()).isEqualTo(held);
                        held.forEach(e -> delivered.add(model.removeFirst()));
                        held = List.of();
                    }
                }
                case FAIL_HELD -> {
                    if (!held.isEmpty()) {
                        box.unlease();
                        held = List.of();
                    }
                }
                default -> throw new AssertionError(op);
            }
            assertThat(box.size()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
            assertThat(box.reserved()).isZero();
        }
        List<Long> all = new ArrayList<>(delivered);
        all.addAll(model);
        List<Long> sent = new ArrayList<>();
        for (long s = 0; s < seq; s++) {
            sent.add(s);
        }
        assertThat(all).as("every stored envelope is delivered or still queued, in order").isEqualTo(sent);
        assertThat(box.bytes()).isEqualTo(model.size());
    }

    @Property
    void restored_envelopes_are_kept_even_above_capacity_and_block_new_ones(@ForAll @IntRange(min = 1, max = 8) int capacity,
                                                                             @ForAll @IntRange(min = 0, max = 20) int restored) {
        Mailbox box = new Mailbox(capacity);
        for (int i = 0; i < restored; i++) {
            box.restore(new QueuedEnvelope(i, "r" + i, "s", new byte[3]));
        }
        assertThat(box.size()).isEqualTo(restored);
        assertThat(box.tryReserve()).isEqualTo(restored < capacity);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.of(Op.class).list().ofMaxSize(80);
    }
}
