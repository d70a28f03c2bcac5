package io.hearthnet.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StickySessionsTest {
    private final ManualClock clock = new ManualClock();
    private final EntryKey key = new EntryKey(NodeKeyPair.generate().nodeId(), "llm.chat", Version.of(1, 0));

    @Property(tries = 20)
    void memory_stays_bounded_however_many_sessions_callers_invent(@ForAll @IntRange(min = 1, max = 200) int cap,
                                                                   @ForAll @IntRange(min = 0, max = 5_000) int invented) {
        StickySessions sessions = new StickySessions(BusConfig.builder().maxStickySessions(cap).build(), clock);
        for (int i = 0; i < invented; i++) {
            sessions.bind("s" + i, key);
        }
        assertThat(sessions.size()).isLessThanOrEqualTo(cap);
    }

    @Test
    void sticky_sessions_evict_at_the_cap() {
        StickySessions sessions = new StickySessions(BusConfig.builder().maxStickySessions(10_000).build(), clock);
        for (int i = 0; i < 25_000; i++) {
            sessions.bind("session-" + i, key);
        }
        assertThat(sessions.size()).isEqualTo(10_000);
    }

    @Test
    void idle_sessions_expire_after_ten_minutes_and_used_ones_stay() {
        StickySessions sessions = new StickySessions(BusConfig.defaults(), clock);
        sessions.bind("idle", key);
        sessions.bind("busy", key);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(4));
            assertThat(sessions.get("busy")).isEqualTo(key);
        }
        assertThat(sessions.get("idle")).isNull();
        assertThat(sessions.get("busy")).isEqualTo(key);
    }

    @Test
    void unbinding_an_entry_releases_all_its_sessions() {
        StickySessions sessions = new StickySessions(BusConfig.defaults(), clock);
        EntryKey other = new EntryKey(NodeKeyPair.generate().nodeId(), "llm.chat", Version.of(1, 0));
        sessions.bind("a", key);
        sessions.bind("b", key);
        sessions.bind("c", other);
        sessions.unbindAll(key);
        assertThat(sessions.get("a")).isNull();
        assertThat(sessions.get("b")).isNull();
        assertThat(sessions.get("c")).isEqualTo(other);
    }
}
