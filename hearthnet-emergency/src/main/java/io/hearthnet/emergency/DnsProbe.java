package io.hearthnet.emergency;

import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * Sends one DNS A query over UDP to a resolver and passes on the first well-formed response that
 * carries the query's id and question (any response code: the resolver answered). Packets with
 * another id are ignored; a malformed response with our id fails the probe.
 */
final class DnsProbe implements Probe {
    /** The name asked for; reserved by IANA (RFC 2606), so every resolver can answer it. */
    static final String QUERY_NAME = "example.com";

    private static final int MAX_PACKET = 1500;

    private final ProbeTarget target;
    private final String queryName;
    private final IntSupplier ids;

    DnsProbe(ProbeTarget target) {
        this(target, QUERY_NAME, new SecureRandom()::nextInt);
    }

    DnsProbe(ProbeTarget target, String queryName, IntSupplier ids) {
        this.target = Objects.requireNonNull(target, "target");
        this.queryName = Objects.requireNonNull(queryName, "queryName");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public String target() {
        return target.target();
    }

    @Override
    public ProbeResult run(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int id = ids.getAsInt() & 0xFFFF;
        InetSocketAddress resolver = new InetSocketAddress(target.host(), target.port());
        if (resolver.isUnresolved()) {
            return Probes.failure(target(), start, "cannot resolve resolver host '" + target.host() + "'");
        }
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(resolver);
            channel.write(ByteBuffer.wrap(DnsMessages.query(id, queryName)));
            byte[] buffer = new byte[MAX_PACKET];
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Probes.failure(target(), start, "no DNS answer within " + timeout.toMillis() + " ms");
                }
                channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    channel.socket().receive(packet);
                } catch (SocketTimeoutException e) {
                    continue; // the loop's deadline check decides, so "no answer within" is never said early
                }
                if (DnsMessages.id(buffer, packet.getLength()) != id) {
                    continue;
                }
                DnsMessages.Response response = DnsMessages.decodeResponse(buffer, packet.getLength());
                if (!response.questionName().equals(queryName.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                return Probes.success(target(), start);
            }
        } catch (PortUnreachableException e) {
            return Probes.failure(target(), start, "resolver port unreachable");
        } catch (ClosedByInterruptException e) {
            return Probes.failure(target(), start, "interrupted");
        } catch (HearthNetException e) {
            return Probes.failure(target(), start, e.getMessage());
        } catch (IOException e) {
            return Probes.failure(target(), start, Probes.describe(e));
        }
    }

    @Override
    public String toString() {
        return "DnsProbe[" + target + "]";
    }
}
