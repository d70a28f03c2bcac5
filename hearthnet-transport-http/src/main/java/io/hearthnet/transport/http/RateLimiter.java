package io.hearthnet.transport.http;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per peer and per (peer, capability). Bounded: the buckets of the peers heard from
 * longest ago are forgotten first (a forgotten peer starts again with a full bucket). Thread-safe.
 */
final class RateLimiter {
    static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final double peerRate;
    private final int peerBurst;
    private final double capabilityRate;
    private final int capabilityBurst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    RateLimiter(Clock clock, HttpTransportConfig config) {
        this.clock = clock;
        this.peerRate = config.peerRatePerSecond();
        this.peerBurst = config.peerBurst();
        this.capabilityRate = config.capabilityRatePerSecond();
        this.capabilityBurst = config.capabilityBurst();
    }

    /** One token from each of the peer's buckets, or {@code rate_limited} naming when to retry. */
    void acquire(NodeId peer, String capability) {
        long now = clock.millis();
        synchronized (buckets) {
            Bucket perPeer = buckets.computeIfAbsent(peer.value(), k -> new Bucket(peerBurst, now));
            Bucket perCapability = buckets.computeIfAbsent(peer.value() + ' ' + capability, k -> new Bucket(capabilityBurst, now));
            long waitPeer = perPeer.refill(now, peerRate, peerBurst);
            long waitCap = perCapability.refill(now, capabilityRate, capabilityBurst);
            if (waitPeer > 0 || waitCap > 0) {
                boolean peerWide = waitPeer >= waitCap;
                throw HearthNetException.retryAfter(ErrorCode.RATE_LIMITED, (peerWide ? "node " + peer.shortForm()
                        : "node " + peer.shortForm() + " calling " + capability) + " is over its rate limit",
                        Duration.ofMillis(Math.max(waitPeer, waitCap)));
            }
            perPeer.tokens -= 1;
            perCapability.tokens -= 1;
        }
    }

    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** One token bucket. */
    private static final class Bucket {
        double tokens;
        long updatedMillis;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.updatedMillis = now;
        }

        /** Refills for the time passed; returns 0 when a token is there, else ms until one is. */
        long refill(long now, double ratePerSecond, int burst) {
            if (now > updatedMillis) {
                tokens = Math.min(burst, tokens + (now - updatedMillis) * ratePerSecond / 1000.0);
                updatedMillis = now;
            }
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 1000.0 / ratePerSecond);
        }
    }
}
