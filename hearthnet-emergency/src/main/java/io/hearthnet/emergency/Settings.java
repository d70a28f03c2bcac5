package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The configuration an {@link EmergencyExtension} was built with.
 *
 * @param targets         configured targets; empty means {@link ProbeTargets#ENV} or the defaults
 *                        (unless {@code probes} is set)
 * @param probes          extra probes supplied by the host
 * @param clock           the clock; empty means the node's
 * @param scheduler       the scheduler; empty means the node's
 * @param onlineInterval  time between rounds while online
 * @param offlineInterval time between rounds while degraded or offline
 * @param probeTimeout    how long a probe may take
 * @param clockAnchor     where the clock check asks; empty means the first HTTP(S) target
 * @param clockCheck      whether to check the clock at all
 * @param periodic        whether rounds run on a timer (else only through probeNow)
 * @param rules           the state machine's timing rules
 */
record Settings(List<ProbeTarget> targets, List<Probe> probes, Optional<Clock> clock,
                Optional<ScheduledExecutorService> scheduler, Duration onlineInterval, Duration offlineInterval,
                Duration probeTimeout, Optional<ProbeTarget> clockAnchor, boolean clockCheck, boolean periodic,
                StateRules rules) {
    Settings {
        targets = List.copyOf(targets);
        probes = List.copyOf(probes);
    }
}
