package io.hearthnet.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for tests that bind a server to a port decided in advance (a restart on the same port, a
 * server that comes up after its clients). They lie below the kernel's ephemeral range, so no
 * client socket (not even a TCP self-connect of a client retrying that very port) can hold them.
 */
public final class Ports {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private Ports() {}

    /** A loopback TCP port below the ephemeral range that nothing listens on right now. */
    public static int freeBelowEphemeralRange() {
        int low = ephemeralLow();
        int from = Math.max(1_024, Math.min(10_000, low / 2));
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, low);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + from + " and " + low);
    }

    private static int ephemeralLow() {
        try {
            if (Files.isReadable(RANGE)) {
                // readAllLines, not readString: /proc files report size 0 and readString then reads one byte.
                return Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 32_768;
    }
}
