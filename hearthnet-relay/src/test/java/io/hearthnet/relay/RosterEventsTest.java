package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.testing.TestKeys;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RosterEventsTest {
    private static final NodeId BOB = TestKeys.BOB.nodeId();
    private static final NodeId CAROL = TestKeys.CAROL.nodeId();

    private final AtomicLong ticks = new AtomicLong(Long.MAX_VALUE - 2);
    private final RosterEvents events = new RosterEvents(ticks::getAndIncrement);

    @Test
    void an_envelope_after_the_snapshot_was_asked_for_wins_over_the_snapshot() {
        events.changed(CAROL);
        long asked = events.asking();
        events.changed(BOB);

        assertThat(events.changedSince(BOB, asked)).isTrue();
        assertThat(events.changedSince(CAROL, asked)).as("the snapshot is newer than carol's envelope").isFalse();
    }

    @Test
    void applying_a_snapshot_forgets_only_the_envelopes_it_supersedes() {
        events.changed(CAROL);
        long asked = events.asking();
        events.changed(BOB);

        events.applied(asked);

        assertThat(events.remembered()).isEqualTo(1);
        long later = events.asking();
        assertThat(events.changedSince(BOB, later)).isFalse();
        events.applied(later);
        assertThat(events.remembered()).isZero();
    }

    @Test
    void the_order_holds_when_the_tick_counter_wraps() {
        ticks.set(Long.MAX_VALUE);
        long asked = events.asking();
        events.changed(BOB);

        assertThat(ticks.get()).as("the counter wrapped").isNegative();
        assertThat(events.changedSince(BOB, asked)).isTrue();
        events.applied(asked);
        assertThat(events.remembered()).isEqualTo(1);
    }
}
