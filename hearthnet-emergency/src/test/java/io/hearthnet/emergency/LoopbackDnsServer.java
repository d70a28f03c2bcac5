package io.hearthnet.emergency;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny DNS responder on 127.0.0.1 for tests, independent of {@link DnsMessages}: answers every
 * A query with 127.0.0.1. Can be stopped and started again on the same port, and told to stay
 * silent, to answer with a wrong id first, or to answer with a malformed packet.
 */
final class LoopbackDnsServer implements AutoCloseable {
    enum Behaviour { ANSWER, SILENT, WRONG_ID_FIRST, ONLY_WRONG_ID, MALFORMED }

    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private final AtomicInteger queries = new AtomicInteger();
    private int port;
    private DatagramSocket socket;
    private Thread thread;

    LoopbackDnsServer start() throws IOException {
        socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        DatagramSocket s = socket;
        thread = new Thread(() -> serve(s), "test-dns-" + port);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    LoopbackDnsServer behaviour(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    int port() {
        return port;
    }

    int queries() {
        return queries.get();
    }

    void stop() {
        if (socket != null) {
            socket.close();
            Poll.join(thread);
            socket = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void serve(DatagramSocket s) {
        byte[] buf = new byte[512];
        while (!s.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            queries.incrementAndGet();
            byte[] query = Arrays.copyOf(p.getData(), p.getLength());
            try {
                switch (behaviour) {
                    case SILENT -> { }
                    case ANSWER -> send(s, p, answer(query, 0));
                    case WRONG_ID_FIRST -> {
                        send(s, p, answer(query, 1));
                        send(s, p, answer(query, 0));
                    }
                    case ONLY_WRONG_ID -> send(s, p, answer(query, 1));
                    case MALFORMED -> send(s, p, new byte[] {query[0], query[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1});
                }
            } catch (IOException e) {
                if (!s.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void send(DatagramSocket s, DatagramPacket to, byte[] data) throws IOException {
        s.send(new DatagramPacket(data, data.length, to.getSocketAddress()));
    }

    /** The response to {@code query}: same question, one A record 127.0.0.1 (compressed name), id + idDelta. */
    static byte[] answer(byte[] query, int idDelta) {
        int end = 12;
        while (query[end] != 0) {
            end += (query[end] & 0xFF) + 1;
        }
        end += 5;
        byte[] out = new byte[end + 16];
        System.arraycopy(query, 0, out, 0, end);
        int id = (((query[0] & 0xFF) << 8) | (query[1] & 0xFF)) + idDelta;
        out[0] = (byte) (id >> 8);
        out[1] = (byte) id;
        out[2] = (byte) 0x81;
        out[3] = (byte) 0x80;
        out[7] = 1;
        int i = end;
        out[i++] = (byte) 0xC0;
        out[i++] = 12;
        out[i++] = 0;
        out[i++] = 1;
        out[i++] = 0;
        out[i++] = 1;
        out[i++] = 0;
        out[i++] = 0;
        out[i++] = 0;
        out[i++] = 60;
        out[i++] = 0;
        out[i++] = 4;
        out[i++] = 127;
        out[i++] = 0;
        out[i++] = 0;
        out[i] = 1;
        return out;
    }
}
