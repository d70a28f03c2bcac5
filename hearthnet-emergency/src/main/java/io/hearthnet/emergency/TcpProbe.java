package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/** Opens one TCP connection to the target and closes it again; an accepted connection passes. */
final class TcpProbe implements Probe {
    private final ProbeTarget target;

    TcpProbe(ProbeTarget target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public String target() {
        return target.target();
    }

    @Override
    public ProbeResult run(Duration timeout) {
        long start = System.nanoTime();
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            return Probes.failure(target(), start, "cannot resolve host '" + target.host() + "'");
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(address, millis);
            return Probes.success(target(), start);
        } catch (SocketTimeoutException e) {
            return Probes.failure(target(), start, "no connection within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Probes.failure(target(), start, "connection refused");
        } catch (ClosedByInterruptException e) {
            return Probes.failure(target(), start, "interrupted");
        } catch (IOException e) {
            return Probes.failure(target(), start, Probes.describe(e));
        }
    }

    @Override
    public String toString() {
        return "TcpProbe[" + target + "]";
    }
}
