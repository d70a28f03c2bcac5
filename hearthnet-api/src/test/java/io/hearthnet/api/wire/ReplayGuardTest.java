package io.hearthnet.api.wire;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        guard.check(ALICE, "req-1", clock.instant());
        fails(ErrorCode.BAD_REQUEST, "request req-1 from " + ALICE.shortForm() + " was already received (replay)",
                () -> guard.check(ALICE, "req-1", clock.instant()));
        clock.advance(WINDOW);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-1", clock.instant()));
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void theSameIdFromAnotherNodeIsAnotherRequest() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "req-1", clock.instant());
        guard.check(BOB, "req-1", clock.instant());
        guard.check(ALICE, "req-2", clock.instant());
        assertThat(guard.size()).isEqualTo(3);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(BOB, "req-1", clock.instant()));
    }

    @Test
    void requestIdsWithSpacesDoNotAlias() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "x " + BOB.value(), clock.instant());
        assertThatCode(() -> guard.check(BOB, "x " + ALICE.value(), clock.instant())).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(ALICE, "x", clock.instant())).doesNotThrowAnyException();
    }

    @Test
    void requestsAreForgottenAfterTwiceTheWindow() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 100);
        guard.check(ALICE, "req-1", clock.instant());
        clock.advance(Duration.ofSeconds(30));
        guard.check(ALICE, "req-2", clock.instant());
        clock.advance(WINDOW.multipliedBy(2).minusSeconds(30).minusMillis(1));
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-1", clock.instant()));
        assertThat(guard.size()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        guard.check(ALICE, "req-1", clock.instant());
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "req-2", clock.instant()));
        assertThat(guard.size()).as("req-1 forgotten and seen again, req-2 still held").isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        guard.check(BOB, "other", clock.instant());
        assertThat(guard.size()).as("req-2 forgotten").isEqualTo(2);
        guard.check(ALICE, "req-2", clock.instant());
    }

    @Test
    void whenFullTheOldestIsForgottenAndItsSenderMustSignAnythingOlderAnew() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 3);
        java.time.Instant r0Sent = clock.instant();
        for (int i = 0; i < 3; i++) {
            guard.check(ALICE, "r" + i, clock.instant());
            clock.advance(Duration.ofMillis(10));
        }
        guard.check(ALICE, "r3", clock.instant());
        assertThat(guard.size()).isEqualTo(3);
        fails(ErrorCode.BAD_REQUEST, "replay", () -> guard.check(ALICE, "r1", r0Sent.plusMillis(10)));
        fails(ErrorCode.EXPIRED, "cannot be told from a replay", () -> guard.check(ALICE, "r0", r0Sent));
        fails(ErrorCode.EXPIRED, "sign it anew", () -> guard.check(ALICE, "fresh-id-but-old", r0Sent));
        assertThatCode(() -> guard.check(BOB, "bob-old", r0Sent)).as("the flood costs only the sender that lost requests")
                .doesNotThrowAnyException();
        clock.advance(Duration.ofMillis(10));
        assertThatCode(() -> guard.check(ALICE, "new", clock.instant())).as("sent after what was forgotten")
                .doesNotThrowAnyException();
    }

    @Test
    void aFloodStampedInTheFutureCostsOnlyItsSenderAndItsFloorLastsAsLongAsTheWindow() {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, 3);
        java.time.Instant ahead = clock.instant().plus(WINDOW.minusSeconds(1));
        for (int i = 0; i < 10; i++) {
            guard.check(BOB, "flood-" + i, ahead.plusMillis(i));
        }
        assertThatCode(() -> guard.check(ALICE, "honest", clock.instant())).doesNotThrowAnyException();
        fails(ErrorCode.EXPIRED, "sign it anew", () -> guard.check(BOB, "now", clock.instant()));

        clock.advance(WINDOW.multipliedBy(2));
        assertThatCode(() -> guard.check(BOB, "later", clock.instant())).as("the floor went with the window")
                .doesNotThrowAnyException();
    }

    @Property(tries = 30)
    void neverHoldsMoreThanItsCapacity(@ForAll @IntRange(min = 1, max = 40) int capacity,
                                       @ForAll @IntRange(max = 300) int requests,
                                       @ForAll @IntRange(max = 5_000) int millisBetween) {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, capacity);
        for (int i = 0; i < requests; i++) {
            try {
                guard.check(i % 2 == 0 ? ALICE : BOB, "r" + i, clock.instant());
            } catch (io.hearthnet.api.HearthNetException e) {
                assertThat(e.code()).as("only refused for being sent before what had to be forgotten").isEqualTo(ErrorCode.EXPIRED);
            }
            assertThat(guard.size()).isLessThanOrEqualTo(capacity);
            clock.advance(Duration.ofMillis(millisBetween));
        }
    }

    /** Whatever the capacity and the traffic, a request seen once is never accepted again while its timestamp is good. */
    @Property(tries = 50)
    void aReplayIsNeverLetThrough(@ForAll @IntRange(min = 1, max = 20) int capacity,
                                  @ForAll @IntRange(min = 1, max = 200) int requests,
                                  @ForAll @IntRange(max = 2_000) int millisBetween,
                                  @ForAll @IntRange(min = 0, max = 199) int replayed) {
        ReplayGuard guard = new ReplayGuard(clock, WINDOW, capacity);
        java.util.Map<String, java.time.Instant> accepted = new java.util.HashMap<>();
        for (int i = 0; i < requests; i++) {
            java.time.Instant sent = clock.instant();
            try {
                guard.check(ALICE, "r" + i, sent);
                accepted.put("r" + i, sent);
            } catch (io.hearthnet.api.HearthNetException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.EXPIRED);
            }
            String again = "r" + (replayed % (i + 1));
            if (accepted.containsKey(again)
                    && Duration.between(accepted.get(again), clock.instant()).abs().compareTo(WINDOW) <= 0) {
                java.time.Instant original = accepted.get(again);
                assertThatThrownBy(() -> guard.check(ALICE, again, original)).as("replay of " + again)
                        .isInstanceOf(io.hearthnet.api.HearthNetException.class);
            }
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
