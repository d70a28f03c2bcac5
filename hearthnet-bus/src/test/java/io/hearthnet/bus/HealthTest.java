package io.hearthnet.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthTest {
    private final BusConfig config = BusConfig.defaults();

    @Test
    void test_health_quarantines_at_threshold() {
        Health h = new Health(config);
        long now = 1_000_000;
        h.record(true, 1000, now);
        h.record(true, 1000, now);
        assertThat(h.record(false, 1000, now)).isFalse();
        assertThat(h.record(false, 1000, now)).isFalse(); // 4 samples: below the minimum of 5
        assertThat(h.record(false, 1000, now)).isTrue();  // 2/5 = 0.4 < 0.5
        assertThat(h.isQuarantined(now)).isTrue();
        assertThat(h.mayRoute(now + 59_999)).isFalse();
        assertThat(h.successRate()).isEqualTo(0.4);
    }

    @Test
    void success_rate_at_the_threshold_is_not_quarantined() {
        Health h = new Health(config);
        for (int i = 0; i < 10; i++) {
            h.record(i % 2 == 0, 1000, 0);
        }
        assertThat(h.successRate()).isEqualTo(0.5);
        assertThat(h.isQuarantined(0)).isFalse();
    }

    @Test
    void test_health_resets_after_quarantine_window() {
        Health h = new Health(config);
        long now = 0;
        for (int i = 0; i < 5; i++) {
            h.record(false, 1000, now);
        }
        long after = now + Duration.ofSeconds(60).toMillis();
        assertThat(h.claim(after - 1)).isFalse();
        assertThat(h.claim(after)).isTrue();          // the one probe
        assertThat(h.claim(after)).isFalse();         // nobody else while it is out
        assertThat(h.mayRoute(after)).isFalse();
        h.record(true, 2000, after);                  // probe succeeded: history reset
        assertThat(h.isQuarantined(after)).isFalse();
        assertThat(h.samples()).isEqualTo(1);
        assertThat(h.successRate()).isEqualTo(1.0);
        assertThat(h.claim(after)).isTrue();
        assertThat(h.claim(after)).isTrue();
    }

    @Test
    void failed_probe_requarantines_and_repeat_offenders_stay_out_longer_up_to_the_cap() {
        BusConfig cfg = BusConfig.builder().quarantinePeriod(Duration.ofSeconds(60))
                .maxQuarantinePeriod(Duration.ofSeconds(200)).build();
        Health h = new Health(cfg);
        long now = 0;
        for (int i = 0; i < 5; i++) {
            h.record(false, 1000, now);
        }
        assertThat(h.quarantinedUntilMillis()).isEqualTo(60_000);
        now = 60_000;
        assertThat(h.claim(now)).isTrue();
        h.record(false, 1000, now);
        assertThat(h.quarantinedUntilMillis()).isEqualTo(now + 120_000);
        now += 120_000;
        assertThat(h.claim(now)).isTrue();
        h.record(false, 1000, now);
        assertThat(h.quarantinedUntilMillis()).isEqualTo(now + 200_000); // 240 s capped at 200 s
    }

    @Test
    void latency_percentiles_come_from_the_window_only() {
        Health h = new Health(config);
        for (int i = 1; i <= 40; i++) {
            h.record(true, i * 1000L, 0);
        }
        // Only the last 20 samples (21..40 ms) count.
        assertThat(h.samples()).isEqualTo(20);
        assertThat(h.p50Millis()).isEqualTo(30.0);
        assertThat(h.p99Millis()).isEqualTo(40.0);
    }

    @Test
    void released_probe_can_be_claimed_again() {
        Health h = new Health(config);
        for (int i = 0; i < 5; i++) {
            h.record(false, 1000, 0);
        }
        assertThat(h.claim(60_000)).isTrue();
        h.releaseProbe();
        assertThat(h.claim(60_000)).isTrue();
    }
}
