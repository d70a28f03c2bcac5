package io.hearthnet.api.spi;

import java.time.Duration;

/** One connectivity check used by emergency mode, such as a DNS query or an HTTP HEAD. */
public interface Probe {
    /** What is probed, as a URI such as {@code dns://1.1.1.1} or {@code tcp://host:443}. */
    String target();

    /** Runs the check once; never throws, never takes much longer than {@code timeout}. */
    ProbeResult run(Duration timeout);
}
