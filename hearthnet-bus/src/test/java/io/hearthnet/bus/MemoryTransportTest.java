package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Call;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.wire.CallEnvelope;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory transport runs the same inbound checks as a network transport. */
class MemoryTransportTest {
    @TempDir
    Path dir;
    private MeshFixture mesh;

    @AfterEach
    void close() {
        mesh.close();
    }

    @Test
    void replayed_and_tampered_envelopes_are_refused() {
        mesh = new MeshFixture(dir);
        HearthNode server = mesh.node("server", Fixtures.echo("experimental.echo", "1.0"));
        HearthNode client = mesh.node("client");
        MemoryTransport serverTransport = (MemoryTransport) server.transports().get(0);
        Call call = Call.builder("experimental.echo", Version.of(1, 0), client.nodeId()).input(text("hi"))
                .deadline(mesh.clock.instant().plusSeconds(5)).build();
        byte[] request = Json.writeBytes(CallEnvelope.sign(client.keys(), "test", call, "req-1", mesh.clock).toJson());

        assertThat(Json.parseObject(serverTransport.serveUnary(request)).get("result").get("text").asText()).isEqualTo("hi");
        var replay = Json.parseObject(serverTransport.serveUnary(request));
        assertThat(replay.get("error").asText()).isEqualTo("bad_request");
        assertThat(replay.get("message").asText()).contains("replay");

        String tampered = new String(request, java.nio.charset.StandardCharsets.UTF_8).replace("\"hi\"", "\"ho\"")
                .replace("req-1", "req-2");
        var bad = Json.parseObject(serverTransport.serveUnary(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(bad.get("error").asText()).isEqualTo("invalid_signature");

        var garbage = Json.parseObject(serverTransport.serveUnary("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(garbage.get("error").asText()).isEqualTo("bad_request");
    }
}
