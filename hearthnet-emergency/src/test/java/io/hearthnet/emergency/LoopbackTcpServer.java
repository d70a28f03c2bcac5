package io.hearthnet.emergency;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/** A TCP listener on 127.0.0.1 for tests that accepts and closes connections; restartable on the same port. */
final class LoopbackTcpServer implements AutoCloseable {
    private int port;
    private ServerSocket socket;
    private Thread thread;

    LoopbackTcpServer start() throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        port = socket.getLocalPort();
        ServerSocket s = socket;
        thread = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket accepted = s.accept();
                    accepted.close();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "test-tcp-" + port);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    int port() {
        return port;
    }

    void stop() throws IOException {
        if (socket != null) {
            socket.close();
            Poll.join(thread);
            socket = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
