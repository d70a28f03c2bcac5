package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the provider of a call. Candidates have a compatible version, accept the requested params,
 * are not quarantined or full, and (remote) were refreshed within the freshness window. A local
 * candidate under the load threshold wins; otherwise the lowest score
 * {@code latency × (1 + load) + (1 − success) × 1000 − (local ? 50 : 0)} (unknown latency 500 ms).
 * Candidates scoring within twice the best (or 5 ms of it) count as equally good and take turns (least
 * recently picked first, then lower latency, higher success, node id), so equal providers share
 * the load instead of one taking every call. Two kinds of exploration keep the estimates honest: a
 * provider with fewer than {@link #MIN_SAMPLES} samples counts as equally good (a newcomer, or one
 * whose first call was slow, gets measured instead of losing forever to one number), and so does one
 * not picked for {@link #EXPLORE_AFTER_MS} or for {@link #EXPLORE_AFTER_PICKS_PER_CANDIDATE} picks per
 * candidate (its latency is re-measured now and then, at a bounded cost). A provider
 * whose quarantine has run out gets the next call as its one probe, so it can prove itself healthy
 * again.
 */
final class Router {
    static final double UNKNOWN_LATENCY_MS = 500.0;
    static final double LOCAL_BONUS = 50.0;
    static final double RELIABILITY_WEIGHT = 1000.0;
    /** Scores within max(BAND_MS, BAND_RATIO × best) of the best are equally good. */
    static final double BAND_MS = 5.0;
    static final double BAND_RATIO = 1.0;
    /** Providers with fewer samples than this are still being measured. */
    static final int MIN_SAMPLES = 5;
    /** A provider not picked for this long gets one turn to refresh its latency. */
    static final long EXPLORE_AFTER_MS = 30_000;
    /** A provider passed over for this many picks per candidate gets one turn to refresh its latency. */
    static final long EXPLORE_AFTER_PICKS_PER_CANDIDATE = 8;

    private final CapabilityRegistry registry;
    private final BusConfig config;
    private final AtomicLong picks = new AtomicLong();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    Router(CapabilityRegistry registry, BusConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /**
     * The best entry for a call, already claimed (quarantine probe). Throws {@code not_found} when
     * nothing offers the capability at a compatible version with these params,
     * {@code capacity_exceeded} when every such provider is full, and {@code partition} when they
     * are all quarantined or stale.
     */
    CapabilityEntry route(String name, Version version, ObjectNode params, NodeId target,
                          Set<CapabilityEntry> excluded, long nowMillis) {
        return route(name, version, params, target, excluded, nowMillis, true);
    }

    /** As {@link #route(String, Version, ObjectNode, NodeId, Set, long)}; without {@code claim}, nothing is marked. */
    CapabilityEntry route(String name, Version version, ObjectNode params, NodeId target,
                          Set<CapabilityEntry> excluded, long nowMillis, boolean claim) {
        CapabilityEntry[] all = registry.named(name);
        long freshAfter = nowMillis - config.freshnessWindow().toMillis();
        boolean paramsGiven = params.size() > 0;
        int compatible = 0;
        int full = 0;
        double bestScore = Double.MAX_VALUE;
        CapabilityEntry localUnderThreshold = null;
        CapabilityEntry probeDue = null;
        Scratch scratch = SCRATCH.get().ensure(all.length);
        CapabilityEntry[] viable = scratch.entries;
        double[] scores = scratch.scores;
        int count = 0;
        try {
            for (CapabilityEntry e : all) {
                if (!e.satisfies(version) || (target != null && !e.node().equals(target))
                        || (excluded != null && excluded.contains(e))) {
                    continue;
                }
                if (paramsGiven && !e.paramsPredicate().test(e.offeredParamsView(), params)) {
                    continue;
                }
                compatible++;
                if (!e.isLocal() && e.lastSeenMillis() < freshAfter) {
                    continue;
                }
                Health health = e.health();
                if (!health.mayRoute(nowMillis)) {
                    continue;
                }
                if (e.inFlight() >= e.maxConcurrent()) {
                    full++;
                    continue;
                }
                if (probeDue == null && health.quarantinedUntilMillis() != 0) {
                    probeDue = e;
                }
                if (e.isLocal() && config.preferLocal() && e.load() < config.localLoadThreshold()
                        && (localUnderThreshold == null || e.version().compareTo(localUnderThreshold.version()) > 0)) {
                    localUnderThreshold = e;
                }
                double s = score(e);
                viable[count] = e;
                scores[count++] = s;
                if (s < bestScore) {
                    bestScore = s;
                }
            }
            if (count == 0) {
                throw noCandidate(name, version, compatible, full);
            }
            if (!claim) {
                return probeDue != null ? probeDue
                        : localUnderThreshold != null ? localUnderThreshold
                        : pickInBand(viable, scores, count, bestScore, nowMillis, picks.get());
            }
            if (probeDue != null && claim(probeDue, nowMillis)) {
                return probeDue;
            }
            if (localUnderThreshold != null && claim(localUnderThreshold, nowMillis)) {
                return localUnderThreshold;
            }
            CapabilityEntry chosen = pickInBand(viable, scores, count, bestScore, nowMillis, picks.get());
            if (chosen != null && claim(chosen, nowMillis)) {
                return chosen;
            }
            // The chosen entry's probe was taken by a concurrent caller: fall back to any other viable one.
            for (int i = 0; i < count; i++) {
                if (viable[i] != chosen && claim(viable[i], nowMillis)) {
                    return viable[i];
                }
            }
            throw noCandidate(name, version, compatible, full);
        } finally {
            Arrays.fill(viable, 0, count, null);
        }
    }

    /**
     * The equally good entry whose turn it is. Entries arrive in registry order (by node id, then
     * version), so a complete tie goes to the first.
     */
    private static CapabilityEntry pickInBand(CapabilityEntry[] viable, double[] scores, int count, double bestScore,
                                              long nowMillis, long picksSoFar) {
        double band = bestScore + Math.max(BAND_MS, Math.abs(bestScore) * BAND_RATIO);
        long exploreBefore = picksSoFar - EXPLORE_AFTER_PICKS_PER_CANDIDATE * count;
        CapabilityEntry chosen = null;
        long chosenPicked = 0;
        double chosenLatency = 0;
        double chosenSuccess = 0;
        for (int i = 0; i < count; i++) {
            CapabilityEntry e = viable[i];
            Health h = e.health();
            boolean equallyGood = scores[i] <= band || h.samples() < MIN_SAMPLES
                    || nowMillis - e.lastPickedMillis() >= EXPLORE_AFTER_MS || e.lastPicked() < exploreBefore;
            if (!equallyGood) {
                continue;
            }
            long picked = e.lastPicked();
            double p50 = h.p50Millis();
            double latency = p50 < 0 ? UNKNOWN_LATENCY_MS : p50;
            double success = h.successRate();
            // Least recently picked first, then lower latency, then higher success; a full tie keeps the earlier entry.
            if (chosen == null || picked < chosenPicked
                    || (picked == chosenPicked && (latency < chosenLatency || (latency == chosenLatency && success > chosenSuccess)))) {
                chosen = e;
                chosenPicked = picked;
                chosenLatency = latency;
                chosenSuccess = success;
            }
        }
        return chosen;
    }

    /** Per-thread buffers for one routing decision, so routing allocates nothing per call. */
    private static final class Scratch {
        CapabilityEntry[] entries = new CapabilityEntry[16];
        double[] scores = new double[16];

        Scratch ensure(int n) {
            if (entries.length < n) {
                int size = Math.max(n, entries.length * 2);
                entries = new CapabilityEntry[size];
                scores = new double[size];
            }
            return this;
        }
    }

    /** Whether {@code e} is still a viable choice for a sticky session (and claims it). */
    boolean stillViable(CapabilityEntry e, Version version, long nowMillis) {
        return e.version().satisfies(version)
                && (e.isLocal() || e.lastSeenMillis() >= nowMillis - config.freshnessWindow().toMillis())
                && e.health().mayRoute(nowMillis)
                && e.inFlight() < e.maxConcurrent()
                && claim(e, nowMillis);
    }

    static double score(CapabilityEntry e) {
        double p50 = e.p50Millis();
        double latency = p50 < 0 ? UNKNOWN_LATENCY_MS : p50;
        return latency * (1 + e.load()) + (1 - e.successRate()) * RELIABILITY_WEIGHT - (e.isLocal() ? LOCAL_BONUS : 0);
    }

    private boolean claim(CapabilityEntry e, long nowMillis) {
        if (!e.health().claim(nowMillis)) {
            return false;
        }
        e.picked(picks.incrementAndGet(), nowMillis);
        return true;
    }

    private HearthNetException noCandidate(String name, Version version, int compatible, int full) {
        if (compatible == 0) {
            return new HearthNetException(ErrorCode.NOT_FOUND, "no provider of " + name + "@" + version
                    + " (compatible version and params) is known");
        }
        if (full > 0) {
            return HearthNetException.retryAfter(ErrorCode.CAPACITY_EXCEEDED, "every provider of " + name + "@" + version
                    + " is at its concurrency limit", config.capacityRetryAfter());
        }
        return HearthNetException.retryAfter(ErrorCode.PARTITION, "every provider of " + name + "@" + version
                + " is quarantined or has not been seen recently", retryAfterQuarantine());
    }

    private Duration retryAfterQuarantine() {
        return Duration.ofSeconds(1);
    }
}
