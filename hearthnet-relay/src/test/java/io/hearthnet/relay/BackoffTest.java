package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doubles_from_the_minimum_up_to_the_cap_and_starts_over_after_a_success() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999_999);
        assertThat(b.next()).isEqualTo(Duration.ofMillis(99));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(199));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(399));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(799));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(999));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(999));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(99));
    }

    @Property
    void every_delay_lies_between_half_the_ceiling_and_the_cap(@ForAll @IntRange(min = 1, max = 100) int failures,
                                                               @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), () -> r);
        Duration last = Duration.ZERO;
        for (int i = 0; i < failures; i++) {
            last = b.next();
        }
        assertThat(last).isBetween(Duration.ofMillis(125), Duration.ofSeconds(30));
    }
}
