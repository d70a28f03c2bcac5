package io.hearthnet.emergency;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compares the local clock with an anchor's HTTP {@code Date} header; warns, never corrects. */
final class ClockSanity {
    /** Skews beyond this are logged as a warning. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ClockSanity.class);

    private final HttpClient client;
    private final ProbeTarget anchor;
    private final Clock clock;
    private final Duration timeout;

    ClockSanity(HttpClient client, ProbeTarget anchor, Clock clock, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Sends the HEAD and measures the skew; failures are logged and reported in the result. */
    ClockCheck check() throws InterruptedException {
        HttpResponse<Void> response;
        try {
            response = HttpHeadProbe.head(client, anchor, timeout);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("clock check: HEAD {} failed; clock skew not measured", anchor, e);
            return new ClockCheck(anchor.target(), clock.instant(), Optional.empty(), false,
                    "HEAD failed: " + Probes.describe(e));
        }
        Instant local = clock.instant();
        Optional<String> date = response.headers().firstValue("date");
        if (date.isEmpty()) {
            LOG.warn("clock check: {} sent no Date header (HTTP {}); clock skew not measured", anchor, response.statusCode());
            return new ClockCheck(anchor.target(), local, Optional.empty(), false, "no Date header");
        }
        Instant remote;
        try {
            remote = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            LOG.warn("clock check: {} sent an unreadable Date header '{}'; clock skew not measured", anchor, date.get(), e);
            return new ClockCheck(anchor.target(), local, Optional.empty(), false, "unreadable Date header '" + date.get() + "'");
        }
        Duration skew = Duration.between(local, remote);
        boolean warning = skew.abs().compareTo(LIMIT) > 0;
        if (warning) {
            LOG.warn("clock check: the local clock is {} s {} {} (Date: {}); HearthNet does not correct it, but "
                            + "signatures and manifests need a clock within seconds of the mesh: fix the system time",
                    skew.abs().toSeconds(), skew.isNegative() ? "ahead of" : "behind", anchor, date.get());
        } else {
            LOG.info("clock check: the local clock is within {} ms of {}", skew.abs().toMillis(), anchor);
        }
        return new ClockCheck(anchor.target(), local, Optional.of(skew), warning, "");
    }
}
