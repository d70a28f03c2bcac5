package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Makes the built-in probes for parsed targets, and the results they report. */
final class Probes {
    private Probes() {}

    /** One probe per target; {@code http} serves the HEAD probes (may be null when no target needs it). */
    static List<Probe> forTargets(List<ProbeTarget> targets, HttpClient http) {
        List<Probe> probes = new ArrayList<>(targets.size());
        for (ProbeTarget t : targets) {
            probes.add(switch (t.kind()) {
                case DNS -> new DnsProbe(t);
                case TCP -> new TcpProbe(t);
                case HTTP, HTTPS -> new HttpHeadProbe(t, http);
            });
        }
        return List.copyOf(probes);
    }

    static ProbeResult success(String target, long startNanos) {
        return new ProbeResult(target, true, since(startNanos), "");
    }

    static ProbeResult failure(String target, long startNanos, String detail) {
        return new ProbeResult(target, false, since(startNanos), detail);
    }

    /** A short description of a failure: the outermost cause that has a message, else the error's type. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
