package io.hearthnet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import io.hearthnet.bus.HearthNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoServiceTest {
    @Test
    void echo_returns_its_input_and_checks_the_schema(@TempDir Path dir) {
        try (HearthNode node = HearthNode.builder().dataDir(dir).discoverTransports(false).service(new EchoService()).build()) {
            node.start();
            assertThat(node.caller().call("experimental.echo", "1.0", Json.object().put("text", "héllo")).get("text").asText())
                    .isEqualTo("héllo");
            assertThatThrownBy(() -> node.caller().call("experimental.echo", "1.0", Json.object().put("txt", "x")))
                    .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(node.manifest().capabilities()).extracting(c -> c.id()).containsExactly("experimental.echo@1.0");
        }
    }
}
