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

    /** A short description of a failure, naming the innermost cause that has a message. */
    static String describe(Throwable error) {
        Throwable shown = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            shown = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                break;
            }
        }
        String message = shown.getMessage();
        String type = shown.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
