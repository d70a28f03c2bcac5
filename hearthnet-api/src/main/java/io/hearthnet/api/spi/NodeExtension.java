package io.hearthnet.api.spi;

/**
 * A part of a node that runs beside the bus, such as discovery, emergency mode or a relay
 * membership. The node starts extensions after its transports and stops them, in reverse order,
 * before its transports.
 */
public interface NodeExtension {
    /** A short, unique name, e.g. {@code discovery}. */
    String name();

    /** Starts the extension against its node. */
    void start(NodeContext context) throws Exception;

    /** Stops every thread, socket and timer the extension started; idempotent. */
    void stop();
}
