package io.hearthnet.api.manifest;

import static io.hearthnet.api.testing.Expect.fails;
import static io.hearthnet.api.testing.Threads.await;
import static io.hearthnet.api.testing.Threads.join;
import static io.hearthnet.api.testing.Threads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Key pinning. Short-form collisions need no special hook: the short form shows only the first 10
 * bytes of the key, and {@link NodeId#ofPublicKey} takes any 32 bytes, so two node ids that differ
 * only after byte 10 collide by construction.
 */
class KeyPinsTest {
    private static final NodeId A = TestKeys.ALICE.nodeId();
    private static final NodeId B = TestKeys.BOB.nodeId();

    /** A different key that shows the same short form as {@code id}: the key with its last byte changed by {@code n}. */
    private static NodeId impostorOf(NodeId id, int n) {
        byte[] key = id.publicKey();
        key[31] = (byte) (key[31] + n);
        NodeId impostor = NodeId.ofPublicKey(key);
        assertThat(impostor).isNotEqualTo(id);
        assertThat(impostor.shortForm()).isEqualTo(id.shortForm());
        return impostor;
    }

    /** A key of distinct short form, numbered. */
    private static NodeId numbered(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) (n >>> 24);
        key[1] = (byte) (n >>> 16);
        key[2] = (byte) (n >>> 8);
        key[3] = (byte) n;
        return NodeId.ofPublicKey(key);
    }

    @Test
    void theSameIdentityIsAcceptedAgain() {
        KeyPins pins = new KeyPins();
        pins.check(A);
        pins.check(NodeId.parse(A.value()));
        pins.check(A);
        assertThat(pins.size()).isEqualTo(1);
    }

    @Test
    void differentIdentitiesAreAllPinned() {
        KeyPins pins = new KeyPins();
        assertThat(A.shortForm()).isNotEqualTo(B.shortForm());
        pins.check(A);
        pins.check(B);
        pins.check(A);
        assertThat(pins.size()).isEqualTo(2);
    }

    @Test
    void anotherKeyBehindAPinnedShortFormIsRefused() {
        KeyPins pins = new KeyPins();
        pins.check(A);
        NodeId impostor = impostorOf(A, 1);
        HearthNetException e = fails(ErrorCode.INVALID_SIGNATURE,
                "node " + A.shortForm() + " presents a different key than the one first seen (" + A.value() + ")",
                () -> pins.check(impostor));
        assertThat(e.getMessage()).endsWith("refusing it");
        fails(ErrorCode.INVALID_SIGNATURE, "different key", () -> pins.check(impostor));
        pins.check(A);
        assertThat(pins.size()).isEqualTo(1);
    }

    @Test
    void keysDifferingWithinTheShortFormDoNotCollide() {
        KeyPins pins = new KeyPins();
        byte[] key = A.publicKey();
        key[9] ^= 1;
        NodeId near = NodeId.ofPublicKey(key);
        assertThat(near.shortForm()).isNotEqualTo(A.shortForm());
        pins.check(A);
        pins.check(near);
        assertThat(pins.size()).isEqualTo(2);
    }

    @Test
    void manifestsArePinnedByTheirIssuer() {
        KeyPins pins = new KeyPins();
        NodeManifest m = Manifests.issue(new ManualClock());
        assertThat(pins.check(m)).isSameAs(m);
        assertThat(pins.check(m)).isSameAs(m);
        assertThat(pins.size()).isEqualTo(1);
        fails(ErrorCode.INVALID_SIGNATURE, "different key", () -> pins.check(impostorOf(m.nodeId(), 7)));
    }

    @Test
    void capacityOneForgetsTheOlderPin() {
        KeyPins pins = new KeyPins(1);
        pins.check(A);
        fails(ErrorCode.INVALID_SIGNATURE, "different key", () -> pins.check(impostorOf(A, 1)));
        pins.check(B);
        assertThat(pins.size()).isEqualTo(1);
        assertThatCode(() -> pins.check(impostorOf(A, 1))).as("A was forgotten").doesNotThrowAnyException();
        fails(ErrorCode.INVALID_SIGNATURE, "different key", () -> pins.check(A));
    }

    @Test
    void theLeastRecentlyUsedPinIsForgottenFirst() {
        KeyPins pins = new KeyPins(2);
        pins.check(A);
        pins.check(B);
        pins.check(A);
        pins.check(TestKeys.CAROL.nodeId());
        assertThat(pins.size()).isEqualTo(2);
        fails(ErrorCode.INVALID_SIGNATURE, "different key", () -> pins.check(impostorOf(A, 1)));
        assertThatCode(() -> pins.check(impostorOf(B, 1))).as("B was used longest ago").doesNotThrowAnyException();
    }

    @Property(tries = 20)
    void neverHoldsMoreThanItsCapacity(@ForAll @IntRange(min = 1, max = 50) int capacity,
                                       @ForAll @IntRange(min = 0, max = 200) int identities) {
        KeyPins pins = new KeyPins(capacity);
        for (int i = 0; i < identities; i++) {
            pins.check(numbered(i));
            assertThat(pins.size()).isLessThanOrEqualTo(capacity);
        }
        assertThat(pins.size()).isEqualTo(Math.min(capacity, identities));
    }

    @Test
    void capacityMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new KeyPins(0)).withMessageContaining("at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new KeyPins(-1));
    }

    @Test
    void ofRacingImpostorsExactlyOneIsPinned() {
        KeyPins pins = new KeyPins();
        int racers = 8;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        for (int i = 1; i <= racers; i++) {
            NodeId contender = impostorOf(A, i);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            threads.add(start("racer-" + i, outcome, () -> {
                await(go);
                try {
                    pins.check(contender);
                    accepted.incrementAndGet();
                } catch (HearthNetException e) {
                    refused.incrementAndGet();
                }
            }));
        }
        go.countDown();
        threads.forEach(t -> join(t));
        outcomes.forEach(o -> assertThat(o.get()).isNull());
        assertThat(accepted).hasValue(1);
        assertThat(refused).hasValue(racers - 1);
        assertThat(pins.size()).isEqualTo(1);
    }
}
