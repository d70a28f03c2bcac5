package io.hearthnet.transport.http;

/** The HTTP header names of the contract, plus the hop metadata this transport adds. */
final class WireHeaders {
    static final String CAPABILITY = "X-HearthNet-Capability";
    static final String VERSION = "X-HearthNet-Capability-Version";
    static final String REQUEST_ID = "X-HearthNet-Request-Id";
    static final String FROM = "X-HearthNet-From";
    static final String COMMUNITY = "X-HearthNet-Community";
    static final String TIMESTAMP = "X-HearthNet-Timestamp";
    static final String SIGNATURE = "X-HearthNet-Signature";
    static final String TRACE_ID = "X-HearthNet-Trace-Id";
    static final String SESSION_ID = "X-HearthNet-Session-Id";
    static final String TIMEOUT_MS = "X-HearthNet-Timeout-Ms";
    static final String TOKEN = "X-HearthNet-Token";
    static final String CALL_PATH = "/bus/v1/call";
    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream";

    private WireHeaders() {}
}
