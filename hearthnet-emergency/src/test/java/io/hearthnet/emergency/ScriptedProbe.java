package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A synthetic probe whose outcome the test sets; counts its runs. */
final class ScriptedProbe implements Probe {
    private final String target;
    private volatile boolean up = true;
    final AtomicInteger runs = new AtomicInteger();

    ScriptedProbe(String target) {
        this.target = target;
    }

    ScriptedProbe up(boolean up) {
        this.up = up;
        return this;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public ProbeResult run(Duration timeout) {
        runs.incrementAndGet();
        return new ProbeResult(target, up, Duration.ZERO, up ? "" : "scripted failure");
    }
}
