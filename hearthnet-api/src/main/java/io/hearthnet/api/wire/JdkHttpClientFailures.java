package io.hearthnet.api.wire;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * How a failure of the JDK {@code HttpClient} maps to the contract's codes, for every HearthNet
 * client built on it (the HTTP transport, the relay transport's hub client): a failure before the
 * request left (no connection, no TLS handshake) is {@code partition} and
 * {@linkplain HearthNetException#neverDelivered never delivered}, a missed deadline is
 * {@code timeout}, anything else on the connection is a plain {@code partition}.
 */
public final class JdkHttpClientFailures {
    /** With all-method retries on, the JDK may reconnect after a request already went out. */
    private static final boolean RETRIES_POST = Boolean.getBoolean("jdk.httpclient.enableAllMethodRetry");

    private JdkHttpClientFailures() {}

    /** The contract's error for {@code e}; {@code peer} names the other side, e.g. "the hub at http://...". */
    public static HearthNetException map(IOException e, String peer) {
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                || e.getCause() instanceof ConnectException) {
            String message = "cannot connect to " + peer + ": " + e.getMessage();
            return RETRIES_POST ? new HearthNetException(ErrorCode.PARTITION, message, e)
                    : HearthNetException.neverDelivered(ErrorCode.PARTITION, message, e);
        }
        if (e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException) {
            return HearthNetException.neverDelivered(ErrorCode.PARTITION, "the TLS handshake with " + peer + " failed: "
                    + e.getMessage(), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new HearthNetException(ErrorCode.TIMEOUT, "no reply from " + peer + " before the deadline", e);
        }
        return new HearthNetException(ErrorCode.PARTITION, "the connection to " + peer + " failed: " + e, e);
    }
}
