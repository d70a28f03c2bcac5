package io.hearthnet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls capabilities anywhere in the mesh. The bus implements it; services receive one in their
 * context. A call to a capability this node offers runs the handler directly, without
 * serialisation or sockets.
 */
public interface CapabilityCaller {
    /**
     * Calls a unary capability and waits for its reply.
     *
     * @throws HearthNetException with the contract's code when the call fails
     */
    ObjectNode call(String capability, Version version, ObjectNode input, CallOptions options);

    /**
     * Calls a streaming capability; read the frames from the returned stream and close it.
     *
     * @throws HearthNetException when no provider accepts the call
     */
    FrameStream stream(String capability, Version version, ObjectNode input, CallOptions options);

    /** {@link #call(String, Version, ObjectNode, CallOptions)} with default options and "X.Y" version text. */
    default ObjectNode call(String capability, String version, ObjectNode input) {
        return call(capability, Version.parse(version), input, CallOptions.defaults());
    }

    /** {@link #stream(String, Version, ObjectNode, CallOptions)} with default options and "X.Y" version text. */
    default FrameStream stream(String capability, String version, ObjectNode input) {
        return stream(capability, Version.parse(version), input, CallOptions.defaults());
    }
}
