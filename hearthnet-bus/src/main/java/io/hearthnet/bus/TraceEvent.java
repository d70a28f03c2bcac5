package io.hearthnet.bus;

import java.time.Instant;

/**
 * One call as the bus saw it.
 *
 * @param time       when the call ended
 * @param traceId    the call's trace id
 * @param capability the capability name
 * @param version    the requested version
 * @param from       caller node id (full form)
 * @param to         provider node id (full form), empty when no provider was chosen
 * @param local      whether a local handler served it
 * @param result     {@code ok} or the error's wire code
 * @param latencyMicros how long it took, in microseconds
 * @param bytesIn    size of the serialised input (0 for local calls, which are not serialised)
 * @param bytesOut   size of the serialised reply (0 for local calls)
 */
public record TraceEvent(Instant time, String traceId, String capability, String version, String from, String to,
                         boolean local, String result, long latencyMicros, long bytesIn, long bytesOut) {
    /** The result of a successful call. */
    public static final String OK = "ok";
}
