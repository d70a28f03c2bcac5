package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The mailbox against a model: never more than its capacity, nothing lost or delivered twice,
 * each poll gets the oldest envelopes not already on their way, and an envelope leaves only when
 * the response carrying it was written.
 */
class MailboxProperties {
    enum Kind { SEND, SEND_FAILS_TO_STORE, POLL, WRITTEN, NOT_WRITTEN }

    /** One step: {@code pick} chooses which open response WRITTEN / NOT_WRITTEN concerns. */
    record Op(Kind kind, int pick) {}

    @Property
    void a_mailbox_stays_bounded_and_loses_nothing(@ForAll @IntRange(min = 1, max = 12) int capacity,
                                                   @ForAll("ops") List<Op> ops,
                                                   @ForAll @IntRange(min = 1, max = 5) int batch) {
        Mailbox box = new Mailbox(capacity);
        List<Long> queued = new ArrayList<>();
        Set<Long> onTheirWay = new HashSet<>();
        List<List<QueuedEnvelope>> open = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        long seq = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case SEND, SEND_FAILS_TO_STORE -> {
                    boolean room = queued.size() < capacity;
                    assertThat(box.tryReserve()).isEqualTo(room);
                    if (room && op.kind() == Kind.SEND) {
                        box.commit(new QueuedEnvelope(seq, "e" + seq, "s", new byte[] {(byte) seq}));
                        queued.add(seq);
                        seq++;
                    } else if (room) {
                        box.release();
                    }
                }
                case POLL -> {
                    List<Long> expected = queued.stream().filter(s -> !onTheirWay.contains(s)).limit(batch).toList();
                    List<QueuedEnvelope> got = box.lease(batch, Long.MAX_VALUE);
                    assertThat(got).extracting(QueuedEnvelope::seq).containsExactlyElementsOf(expected);
                    if (!got.isEmpty()) {
                        open.add(got);
                        onTheirWay.addAll(expected);
                    }
                }
                case WRITTEN, NOT_WRITTEN -> {
                    if (open.isEmpty()) {
                        continue;
                    }
                    List<QueuedEnvelope> response = open.remove(Math.floorMod(op.pick(), open.size()));
                    response.forEach(e -> onTheirWay.remove(e.seq()));
                    if (op.kind() == Kind.WRITTEN) {
                        assertThat(box.acknowledge(response)).isEqualTo(response);
                        response.forEach(e -> {
                            queued.remove(e.seq());
                            delivered.add(e.seq());
                        });
                    } else {
                        box.unlease(response);
                    }
                }
                default -> throw new AssertionError(op);
            }
            assertThat(box.size()).isEqualTo(queued.size()).isLessThanOrEqualTo(capacity);
            assertThat(box.reserved()).isZero();
            assertThat(box.leased()).isEqualTo(onTheirWay.size());
            assertThat(box.deliverable()).isEqualTo(onTheirWay.size() < queued.size());
        }
        assertThat(delivered).doesNotHaveDuplicates();
        List<Long> all = new ArrayList<>(delivered);
        all.addAll(queued);
        assertThat(all).as("every stored envelope is delivered or still queued").hasSize((int) seq)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, seq).boxed().toList());
        assertThat(box.bytes()).isEqualTo(queued.size());
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
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 7)).as(Op::new)
                .list().ofMaxSize(80);
    }
}
