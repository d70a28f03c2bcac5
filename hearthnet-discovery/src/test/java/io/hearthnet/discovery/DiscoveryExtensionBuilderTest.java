package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.testing.Expect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryExtensionBuilderTest {
    @Test
    void defaults_build() {
        DiscoveryExtension d = DiscoveryExtension.builder().build();
        assertThat(d.name()).isEqualTo("discovery");
        assertThat(d.isRunning()).isFalse();
        assertThat(d.peers().size()).isZero();
        assertThat(d.peers().capacity()).isEqualTo(PeerRegistry.DEFAULT_CAPACITY);
    }

    @Test
    void bad_configuration_is_a_bad_request_naming_the_problem() {
        Expect.fails(ErrorCode.BAD_REQUEST, "both off", () -> DiscoveryExtension.builder().mdns(false).udp(false).build());
        Expect.fails(ErrorCode.BAD_REQUEST, "not both",
                () -> DiscoveryExtension.builder().interfaceName("lo").bindAddress("127.0.0.1").build());
        Expect.fails(ErrorCode.BAD_REQUEST, "multicast address", () -> DiscoveryExtension.builder().group("10.0.0.1").build());
        Expect.fails(ErrorCode.BAD_REQUEST, "IPv4", () -> DiscoveryExtension.builder().group("ff02::1").build());
        Expect.fails(ErrorCode.BAD_REQUEST, "above 255", () -> DiscoveryExtension.builder().group("239.1.1.300").build());
        Expect.fails(ErrorCode.BAD_REQUEST, "IPv4", () -> DiscoveryExtension.builder().bindAddress("localhost"));
        Expect.fails(ErrorCode.BAD_REQUEST, "blank", () -> DiscoveryExtension.builder().interfaceName(" "));
        Expect.fails(ErrorCode.BAD_REQUEST, "1 to 65535", () -> DiscoveryExtension.builder().port(0));
        Expect.fails(ErrorCode.BAD_REQUEST, "1 to 65535", () -> DiscoveryExtension.builder().port(65_536));
        Expect.fails(ErrorCode.BAD_REQUEST, "must not exceed",
                () -> DiscoveryExtension.builder().announceIntervals(Duration.ofSeconds(20), Duration.ofSeconds(15)));
        Expect.fails(ErrorCode.BAD_REQUEST, "positive",
                () -> DiscoveryExtension.builder().announceIntervals(Duration.ZERO, Duration.ofSeconds(15)));
        Expect.fails(ErrorCode.BAD_REQUEST, "positive", () -> DiscoveryExtension.builder().maintenanceInterval(Duration.ofSeconds(-1)));
        Expect.fails(ErrorCode.BAD_REQUEST, "positive", () -> DiscoveryExtension.builder().refreshBefore(null));
        Expect.fails(ErrorCode.BAD_REQUEST, "must not exceed",
                () -> DiscoveryExtension.builder().pruneAfter(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        Expect.fails(ErrorCode.BAD_REQUEST, "at least 1", () -> DiscoveryExtension.builder().peerCapacity(0));
    }

    @Test
    void pruning_can_be_made_aggressive_by_hand() {
        DiscoveryExtension d = DiscoveryExtension.builder().build();
        d.setPruningAggressive(true);
        assertThat(d.isPruningAggressive()).isTrue();
        d.setPruningAggressive(false);
        assertThat(d.isPruningAggressive()).isFalse();
    }
}
