package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

/** Every failure is counted; a repeating one is logged, with its cause, once until it recovers. */
class FailuresTest {
    record Line(Level level, String message, Throwable cause) {}

    /** Keeps what is logged. */
    static final class RecordingLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<Line> lines = new CopyOnWriteArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            String message = pattern;
            for (Object a : args == null ? new Object[0] : args) {
                message = message.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(a)));
            }
            lines.add(new Line(level, message, t));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }

        List<Line> at(Level level) {
            return lines.stream().filter(l -> l.level() == level).toList();
        }
    }

    final RecordingLogger log = new RecordingLogger();
    final DiscoveryMetrics metrics = new DiscoveryMetrics();
    final Failures failures = new Failures(log, metrics);

    @Test
    void a_repeating_failure_is_counted_every_time_and_logged_with_its_cause_once_until_it_recovers() {
        IOException cause = new IOException("Address already in use");
        for (int i = 0; i < 3; i++) {
            failures.report("udp", "udp-open", "UDP discovery is unavailable", cause);
        }

        assertThat(metrics.count(DiscoveryMetrics.FAILURES, "component", "udp")).isEqualTo(3);
        assertThat(log.at(Level.WARN)).singleElement().satisfies(l -> {
            assertThat(l.message()).startsWith("UDP discovery is unavailable");
            assertThat(l.cause()).isSameAs(cause);
        });
        assertThat(failures.isFailing("udp-open")).isTrue();

        failures.recovered("udp-open", "UDP discovery is up");
        failures.recovered("udp-open", "UDP discovery is up");
        assertThat(log.at(Level.INFO)).extracting(Line::message).containsExactly("UDP discovery is up");

        failures.report("udp", "udp-open", "UDP discovery is unavailable", cause);
        assertThat(log.at(Level.WARN)).hasSize(2);
        assertThat(metrics.count(DiscoveryMetrics.FAILURES, "component", "udp")).isEqualTo(4);
    }

    @Test
    void different_failures_are_each_logged_and_the_memory_of_them_is_bounded() {
        for (int i = 0; i < 2_000; i++) {
            failures.report("fetch", "fetch:" + i, "could not fetch " + i, null);
        }
        assertThat(log.at(Level.WARN)).hasSize(2_000);
        assertThat(failures.isFailing("fetch:1999")).isTrue();
        assertThat(failures.isFailing("fetch:0")).as("forgotten beyond 1 024 keys").isFalse();
    }
}
