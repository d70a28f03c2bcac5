package io.hearthnet.api.wire;

/**
 * The JDK HTTP server settings HearthNet's servers (a node's HTTP transport, a relay hub) need.
 * The JDK reads them once, when its server classes load, so {@link #apply()} must run before the
 * first {@code HttpServer} of the JVM is created; a value the host app set itself is kept.
 */
public final class JdkHttpServerDefaults {
    /** Seconds a request may take to arrive (line, headers and body) before its connection is closed. */
    public static final long MAX_REQUEST_SECONDS = 30;

    private JdkHttpServerDefaults() {}

    /**
     * TCP_NODELAY (without it every response waits on delayed ACK, ~40 ms), and
     * {@link #MAX_REQUEST_SECONDS}: the JDK's default is to wait for ever, so a client that opens
     * connections and sends nothing would hold the server's workers.
     */
    public static void apply() {
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
