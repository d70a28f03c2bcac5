package io.hearthnet.api.wire;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final NodeId ALICE = TestKeys.ALICE.nodeId();
    private static final NodeId BOB = TestKeys.BOB.nodeId();
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();

    @Test
    void aRepeatedRequestIsRefused() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "req-1");
        fails(ErrorCode.BAD_REQUEST, "request req-1 from " + ALICE.shortForm() + " was already received (replay)",
                () -> guard.check(ALICE, "req-1"));
        clock.advance(WINDOW);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-1"));
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void theSameIdFromAnotherNodeIsAnotherRequest() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "req-1");
        guard.check(BOB, "req-1");
        guard.check(ALICE, "req-2");
        assertThat(guard.size()).isEqualTo(3);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(BOB, "req-1"));
    }

    @Test
    void requestIdsWithSpacesDoNotAlias() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "x " + BOB.value());
        assertThatCode(() -> guard.check(BOB, "x " + ALICE.value())).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(ALICE, "x")).doesNotThrowAnyException();
    }

    @Test
    void requestsAreForgottenAfterTwiceTheWindow() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "req-1");
        clock.advance(Duration.ofSeconds(30));
        guard.check(ALICE, "req-2");
        clock.advance(WINDOW.multipliedBy(2).minusSeconds(30).minusMillis(1));
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-1"));
        assertThat(guard.size()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        guard.check(ALICE, "req-1");
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-2"));
        assertThat(guard.size()).as("req-1 forgotten and seen again, req-2 still held").isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        guard.check(BOB, "other");
        assertThat(guard.size()).as("req-2 forgotten").isEqualTo(2);
        guard.check(ALICE, "req-2");
    }

    @Test
    void whenFullTheOldestIsForgotten() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 3);
        for (int i = 0; i < 3; i++) {
            guard.check(ALICE, "r" + i);
        }
        guard.check(ALICE, "r3");
        assertThat(guard.size()).isEqualTo(3);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "r1"));
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "r3"));
        assertThatCode(() -> guard.check(ALICE, "r0")).as("evicted for room").doesNotThrowAnyException();
    }

    @Property(tries = 30)
    void neverHoldsMoreThanItsCapacity(@ForAll @IntRange(min = 1, max = 40) int capacity,
                                       @ForAll @IntRange(max = 300) int requests,
                                       @ForAll @IntRange(max = 5_000) int millisBetween) {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, capacity);
        for (int i = 0; i < requests; i++) {
            guard.check(i % 2 == 0 ? ALICE : BOB, "r" + i);
            assertThat(guard.size()).isLessThanOrEqualTo(capacity);
            clock.advance(Duration.ofMillis(millisBetween));
        }
    }

    @Test
    void constructorArgumentsAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayGuard(clock, WINDOW, 0)).withMessageContaining("capacity");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayGuard(clock, Duration.ZERO, 10)).withMessageContaining("window");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplayGuard(clock, Duration.ofSeconds(-1), 10));
        assertThat(new ReplayGuard(clock, WINDOW, 1).size()).isZero();
    }
}
