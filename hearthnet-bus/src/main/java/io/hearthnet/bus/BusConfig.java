package io.hearthnet.bus;

import java.time.Duration;
import java.util.Objects;

/**
 * The bus's tunables, with the contract's defaults. Immutable; {@link #defaults()} or
 * {@link #builder()}.
 */
public final class BusConfig {
    private static final BusConfig DEFAULTS = builder().build();

    private final boolean preferLocal;
    private final double localLoadThreshold;
    private final Duration freshnessWindow;
    private final int healthWindow;
    private final double quarantineThreshold;
    private final int quarantineMinSamples;
    private final Duration quarantinePeriod;
    private final Duration maxQuarantinePeriod;
    private final int maxStickySessions;
    private final Duration stickyIdleTimeout;
    private final int traceCapacity;
    private final Duration capacityRetryAfter;
    private final boolean validateSchemas;
    private final int streamBuffer;

    private BusConfig(Builder b) {
        this.preferLocal = b.preferLocal;
        this.localLoadThreshold = b.localLoadThreshold;
        this.freshnessWindow = b.freshnessWindow;
        this.healthWindow = b.healthWindow;
        this.quarantineThreshold = b.quarantineThreshold;
        this.quarantineMinSamples = b.quarantineMinSamples;
        this.quarantinePeriod = b.quarantinePeriod;
        this.maxQuarantinePeriod = b.maxQuarantinePeriod;
        this.maxStickySessions = b.maxStickySessions;
        this.stickyIdleTimeout = b.stickyIdleTimeout;
        this.traceCapacity = b.traceCapacity;
        this.capacityRetryAfter = b.capacityRetryAfter;
        this.validateSchemas = b.validateSchemas;
        this.streamBuffer = b.streamBuffer;
    }

    /** The contract's defaults. */
    public static BusConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a local provider under the load threshold wins outright (default true). */
    public boolean preferLocal() {
        return preferLocal;
    }

    /** Load (in-flight / max concurrent) under which the local provider is preferred (0.8). */
    public double localLoadThreshold() {
        return localLoadThreshold;
    }

    /** A remote entry not refreshed for this long is not routed to (60 s). */
    public Duration freshnessWindow() {
        return freshnessWindow;
    }

    /** Samples kept per (node, capability) (20). */
    public int healthWindow() {
        return healthWindow;
    }

    /** Success rate under which a provider is quarantined (0.5). */
    public double quarantineThreshold() {
        return quarantineThreshold;
    }

    /** Samples needed before a provider can be quarantined (5). */
    public int quarantineMinSamples() {
        return quarantineMinSamples;
    }

    /** First quarantine period (60 s); doubles for repeat offenders. */
    public Duration quarantinePeriod() {
        return quarantinePeriod;
    }

    /** Longest quarantine period (15 min). */
    public Duration maxQuarantinePeriod() {
        return maxQuarantinePeriod;
    }

    /** Sticky sessions kept at most (10 000). */
    public int maxStickySessions() {
        return maxStickySessions;
    }

    /** A sticky session unused this long is forgotten (10 min). */
    public Duration stickyIdleTimeout() {
        return stickyIdleTimeout;
    }

    /** Trace events kept in the ring (1 000). */
    public int traceCapacity() {
        return traceCapacity;
    }

    /** The {@code retry_after_ms} given with {@code capacity_exceeded} (250 ms). */
    public Duration capacityRetryAfter() {
        return capacityRetryAfter;
    }

    /** Whether requests, responses and frames are validated against their schemas (true). */
    public boolean validateSchemas() {
        return validateSchemas;
    }

    /** Frames buffered between a local stream's producer and its reader (64). */
    public int streamBuffer() {
        return streamBuffer;
    }

    /** Builds a {@link BusConfig}. */
    public static final class Builder {
        private boolean preferLocal = true;
        private double localLoadThreshold = 0.8;
        private Duration freshnessWindow = Duration.ofSeconds(60);
        private int healthWindow = 20;
        private double quarantineThreshold = 0.5;
        private int quarantineMinSamples = 5;
        private Duration quarantinePeriod = Duration.ofSeconds(60);
        private Duration maxQuarantinePeriod = Duration.ofMinutes(15);
        private int maxStickySessions = 10_000;
        private Duration stickyIdleTimeout = Duration.ofMinutes(10);
        private int traceCapacity = 1_000;
        private Duration capacityRetryAfter = Duration.ofMillis(250);
        private boolean validateSchemas = true;
        private int streamBuffer = 64;

        private Builder() {}

        /** See {@link BusConfig#preferLocal()}. */
        public Builder preferLocal(boolean preferLocal) {
            this.preferLocal = preferLocal;
            return this;
        }

        /** See {@link BusConfig#localLoadThreshold()}; between 0 and 1. */
        public Builder localLoadThreshold(double threshold) {
            this.localLoadThreshold = fraction(threshold, "localLoadThreshold");
            return this;
        }

        /** See {@link BusConfig#freshnessWindow()}. */
        public Builder freshnessWindow(Duration window) {
            this.freshnessWindow = positive(window, "freshnessWindow");
            return this;
        }

        /** See {@link BusConfig#healthWindow()}; 1 to 1 000. */
        public Builder healthWindow(int samples) {
            this.healthWindow = range(samples, 1, 1_000, "healthWindow");
            return this;
        }

        /** See {@link BusConfig#quarantineThreshold()}; between 0 and 1. */
        public Builder quarantineThreshold(double threshold) {
            this.quarantineThreshold = fraction(threshold, "quarantineThreshold");
            return this;
        }

        /** See {@link BusConfig#quarantineMinSamples()}. */
        public Builder quarantineMinSamples(int samples) {
            this.quarantineMinSamples = range(samples, 1, 1_000, "quarantineMinSamples");
            return this;
        }

        /** See {@link BusConfig#quarantinePeriod()}. */
        public Builder quarantinePeriod(Duration period) {
            this.quarantinePeriod = positive(period, "quarantinePeriod");
            return this;
        }

        /** See {@link BusConfig#maxQuarantinePeriod()}. */
        public Builder maxQuarantinePeriod(Duration period) {
            this.maxQuarantinePeriod = positive(period, "maxQuarantinePeriod");
            return this;
        }

        /** See {@link BusConfig#maxStickySessions()}. */
        public Builder maxStickySessions(int sessions) {
            this.maxStickySessions = range(sessions, 1, 10_000_000, "maxStickySessions");
            return this;
        }

        /** See {@link BusConfig#stickyIdleTimeout()}. */
        public Builder stickyIdleTimeout(Duration timeout) {
            this.stickyIdleTimeout = positive(timeout, "stickyIdleTimeout");
            return this;
        }

        /** See {@link BusConfig#traceCapacity()}. */
        public Builder traceCapacity(int events) {
            this.traceCapacity = range(events, 1, 1_000_000, "traceCapacity");
            return this;
        }

        /** See {@link BusConfig#capacityRetryAfter()}. */
        public Builder capacityRetryAfter(Duration retryAfter) {
            this.capacityRetryAfter = positive(retryAfter, "capacityRetryAfter");
            return this;
        }

        /** See {@link BusConfig#validateSchemas()}. */
        public Builder validateSchemas(boolean validate) {
            this.validateSchemas = validate;
            return this;
        }

        /** See {@link BusConfig#streamBuffer()}. */
        public Builder streamBuffer(int frames) {
            this.streamBuffer = range(frames, 1, 65_536, "streamBuffer");
            return this;
        }

        /** The configuration. */
        public BusConfig build() {
            if (maxQuarantinePeriod.compareTo(quarantinePeriod) < 0) {
                throw new IllegalArgumentException("maxQuarantinePeriod must not be shorter than quarantinePeriod");
            }
            return new BusConfig(this);
        }

        private static double fraction(double value, String what) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(what + " must be between 0 and 1, got " + value);
            }
            return value;
        }

        private static int range(int value, int min, int max, String what) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
