package io.hearthnet.transport.http;

import io.hearthnet.api.spi.Transport;
import io.hearthnet.api.spi.TransportContext;
import io.hearthnet.api.spi.TransportProvider;
import java.util.Objects;

/**
 * The HTTP transport, scheme {@code http} (and {@code https} endpoints when TLS is configured).
 * Listed in {@code META-INF/services}, so having this module on the classpath is enough; pass an
 * instance with an explicit {@link HttpTransportConfig} (for TLS, ports, limits) to the node builder
 * to override the discovered one.
 */
public final class HttpTransportProvider implements TransportProvider {
    static {
        io.hearthnet.api.wire.JdkHttpServerDefaults.apply();
    }

    /** The scheme. */
    public static final String SCHEME = "http";

    private final HttpTransportConfig config;

    /** Configured from the node's {@code http.*} settings (the ServiceLoader path). */
    public HttpTransportProvider() {
        this.config = null;
    }

    /** Configured explicitly; the node's {@code http.*} settings are ignored. */
    public HttpTransportProvider(HttpTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Transport create(TransportContext context) {
        return new HttpTransport(context, config != null ? config : HttpTransportConfig.fromSettings(context.settings()));
    }
}
