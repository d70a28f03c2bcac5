package io.hearthnet.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.bus.HearthNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile headers and bodies against a real server: a client's mistake is never a 500 and never a
 * hang, and the server keeps serving afterwards.
 */
class HttpFuzzProperties {
    private static HttpMesh mesh;
    private static RawClient raw;
    private static final NodeKeyPair CALLER = NodeKeyPair.generate();

    @BeforeContainer
    static void start() throws Exception {
        mesh = new HttpMesh(Files.createTempDirectory("hearthnet-fuzz"));
        HearthNode server = mesh.node("server", HttpTransportConfig.builder().peerRateLimit(100_000, 100_000)
                .capabilityRateLimit(100_000, 100_000), Caps.echo("experimental.echo"));
        raw = new RawClient(server.endpoints().get(0));
    }

    @AfterContainer
    static void stop() {
        mesh.close();
    }

    @Provide
    Arbitrary<String> headerName() {
        return Arbitraries.of(WireHeaders.CAPABILITY, WireHeaders.VERSION, WireHeaders.REQUEST_ID, WireHeaders.FROM,
                WireHeaders.COMMUNITY, WireHeaders.TIMESTAMP, WireHeaders.SIGNATURE, WireHeaders.TIMEOUT_MS,
                WireHeaders.TOKEN, WireHeaders.SESSION_ID, WireHeaders.TRACE_ID);
    }

    @Provide
    Arbitrary<String> headerValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
                Arbitraries.of("", "ed25519:", "ed25519:AAAA", "1.0", "99999.0", "-1", "hntoken://v1/a.b.c",
                        "2026-13-45T99:99:99Z", "experimental.", "../../etc/passwd", "9".repeat(40)));
    }

    @Provide
    Arbitrary<byte[]> body() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000),
                Arbitraries.strings().ofMaxLength(500).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("{}", "[]", "null", "{\"params\":[],\"input\":5}", "{\"input\":{\"text\":\"" + "é".repeat(100) + "\"}}",
                        "{".repeat(200), "{\"a\":1,\"a\":2}").map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 150)
    void a_corrupted_header_is_a_clear_client_error(@ForAll("headerName") String name, @ForAll("headerValue") String value)
            throws Exception {
        var request = RawClient.signed(CALLER, "test", "experimental.echo", Caps.text("x"), Clock.systemUTC())
                .withHeader(name, value.isEmpty() ? null : value);
        HttpResponse<String> r = raw.post(request);
        assertClientErrorOrOk(r);
        stillServes();
    }

    @Property(tries = 150)
    void any_body_is_a_clear_client_error(@ForAll("body") byte[] body) throws Exception {
        var request = RawClient.signed(CALLER, "test", "experimental.echo", Caps.text("x"), Clock.systemUTC()).withBody(body);
        HttpResponse<String> r = raw.post(request);
        assertThat(r.statusCode()).isBetween(400, 499);
        assertThat(Json.parseObject(r.body()).get("error").isTextual()).isTrue();
        stillServes();
    }

    @Property(tries = 50)
    void any_path_and_method_is_answered(@ForAll("path") String path) throws Exception {
        HttpResponse<String> r = raw.get(path);
        assertThat(r.statusCode()).isIn(200, 400, 404, 405, 503);
    }

    @Provide
    Arbitrary<String> path() {
        return Arbitraries.oneOf(Arbitraries.of("/manifest", "/trace/recent?n=abc", "/trace/recent?n=-5", "/trace/recent?n=5000",
                        "/a/b/c", "/", "/bus/v1/call", "/emergency", "/metrics?x=1"),
                Arbitraries.strings().withChars("abcxyz0123/-_.").ofMaxLength(40).map(s -> "/" + s));
    }

    private static void assertClientErrorOrOk(HttpResponse<String> r) {
        // A changed header either breaks the signature or is harmless metadata (trace, session): never a 500.
        assertThat(r.statusCode()).isIn(200, 400, 401, 404, 406, 410, 413, 429);
        if (r.statusCode() != 200) {
            assertThat(Json.parseObject(r.body()).get("error").isTextual()).isTrue();
        }
    }

    private static void stillServes() throws Exception {
        HttpResponse<String> ok = raw.post(RawClient.signed(CALLER, "test", "experimental.echo", Caps.text("alive"), Clock.systemUTC()));
        assertThat(ok.statusCode()).isEqualTo(200);
    }

}
