package io.hearthnet.relay;

/** The hub's paths, the authentication headers and the envelope kinds both ends agree on. */
final class RelayWire {
    static final String PREFIX = "/relay/v1/";
    static final String JOIN = PREFIX + "join";
    static final String SEND = PREFIX + "send";
    static final String POLL = PREFIX + "poll";
    static final String ROSTER = PREFIX + "roster";
    static final String LEAVE = PREFIX + "leave";
    static final String HEALTH = PREFIX + "health";

    static final String FROM = "X-HearthNet-From";
    static final String REQUEST_ID = "X-HearthNet-Request-Id";
    static final String TIMESTAMP = "X-HearthNet-Timestamp";
    static final String SIGNATURE = "X-HearthNet-Signature";
    static final String JSON = "application/json";

    /** Written by the hub only: a roster change (join, update, leave, expire), signed by the hub. */
    static final String KIND_ROSTER = "roster";
    /** A signed {@link io.hearthnet.api.wire.CallEnvelope} for the addressee to serve. */
    static final String KIND_CALL = "call";
    /** The signed answer to a call: status and body (for a stream: whether it was accepted). */
    static final String KIND_REPLY = "reply";
    /** One frame of a streamed reply, in {@code seq} order, ending with {@code done} or {@code error}. */
    static final String KIND_FRAME = "frame";
    /** The caller closed a stream early. */
    static final String KIND_CANCEL = "cancel";
    /** The caller's reader has taken {@code read} frames of stream {@code re}: the producer may run ahead of that by a window. */
    static final String KIND_CREDIT = "credit";
    /** Asks the addressee for its signed manifest. */
    static final String KIND_MANIFEST_REQUEST = "manifest_request";
    /** A node's signed manifest, answering a manifest request. */
    static final String KIND_MANIFEST = "manifest";

    private RelayWire() {}
}
