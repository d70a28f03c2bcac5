package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:7080,      http",
            "HTTP://127.0.0.1:7080/bus,  http",
            "mem://node-a,               mem",
            "relay://hub:7443/m/abc,     relay",
            "Relay+TLS://hub,            relay+tls"})
    void parsesAbsoluteUris(String text, String scheme) {
        Endpoint e = Endpoint.parse(text);
        assertThat(e.scheme()).isEqualTo(scheme);
        assertThat(e.uri()).isEqualTo(URI.create(text));
        assertThat(e).hasToString(text).isEqualTo(new Endpoint(URI.create(text)));
        assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bus/v1/call", "node-a", "//hub:7443"})
    void relativeUrisAreBadRequests(String text) {
        fails(ErrorCode.BAD_REQUEST, "endpoint must be an absolute URI with a scheme, got " + text, () -> Endpoint.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:7080/x", "http://exa mple.com", "http://[::1", "http://", "ht^tp://x", ":7080"})
    void malformedUrisAreBadRequests(String text) {
        HearthNetException e = fails(ErrorCode.BAD_REQUEST, "endpoint is not a valid URI: ", () -> Endpoint.parse(text));
        assertThat(e.getCause()).isInstanceOf(java.net.URISyntaxException.class);
    }

    @Test
    void missingEndpointsAreBadRequests() {
        fails(ErrorCode.BAD_REQUEST, "endpoint is missing", () -> Endpoint.parse(null));
        fails(ErrorCode.BAD_REQUEST, "endpoint is missing", () -> Endpoint.parse(""));
        fails(ErrorCode.BAD_REQUEST, "endpoint is missing", () -> Endpoint.parse("  \t"));
        assertThatNullPointerException().isThrownBy(() -> new Endpoint(null)).withMessage("uri");
        fails(ErrorCode.BAD_REQUEST, "absolute URI", () -> new Endpoint(URI.create("relative/path")));
    }
}
