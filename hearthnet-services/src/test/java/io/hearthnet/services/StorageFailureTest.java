package io.hearthnet.services;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.chat.ChatService;
import io.hearthnet.services.market.MarketService;
import io.hearthnet.services.testing.LogCapture;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot be written is an error the caller sees and a log line with the cause, never
 * a silent fallback to memory. The tests run as root, which ignores file permissions, so they
 * break the store in ways that fail for root too: the database path is a directory (the folder
 * cannot hold the store), or another connection holds the database's write lock.
 */
class StorageFailureTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Test
    void a_market_whose_store_cannot_be_created_stops_the_node_from_starting_with_a_clear_error() throws Exception {
        Files.createDirectories(dir.resolve("a/services/market/market.db"));
        assertStartFails(new MarketService(), dir.resolve("a/services/market/market.db"));
    }

    @Test
    void a_chat_whose_store_cannot_be_created_stops_the_node_from_starting_with_a_clear_error() throws Exception {
        Files.createDirectories(dir.resolve("a/services/chat/chat.db"));
        assertStartFails(new ChatService(), dir.resolve("a/services/chat/chat.db"));
    }

    private void assertStartFails(Service service, Path store) {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock); LogCapture logs = new LogCapture()) {
            HearthNetException e = Expect.fails(ErrorCode.INTERNAL_ERROR, () -> mesh.start("a", TestKeys.ALICE, service));
            assertThat(e.getMessage()).contains(store.toString()).contains("is a directory");
            assertThat(logs.text()).contains("ERROR").contains("cannot open store " + store);
        }
    }

    @Test
    void a_market_post_that_cannot_be_written_fails_visibly_and_leaves_nothing_behind() throws Exception {
        MarketService market = MarketService.builder().busyTimeout(Duration.ofMillis(50)).build();
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, market);
            Path db = dir.resolve("a/services/market/market.db");
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement();
                 LogCapture logs = new LogCapture()) {
                s.execute("BEGIN EXCLUSIVE");
                Expect.fails(ErrorCode.INTERNAL_ERROR, "locked", () -> call(node, "market.post",
                        json("{'client_id': 'p', 'title': 'Lost?', 'category': 'misc'}")));
                assertThat(logs.text()).contains("ERROR").contains("appending a market.post event failed in " + db)
                        .contains("SQLITE_BUSY");
                assertThat(market.health().up()).isFalse();
                assertThat(market.health().detail()).contains("locked");
                s.execute("ROLLBACK");
            }
            assertThat(call(node, "market.list", json("{}")).get("posts")).as("nothing was kept in memory").isEmpty();
            call(node, "market.post", json("{'client_id': 'p', 'title': 'Stored', 'category': 'misc'}"));
            assertThat(call(node, "market.list", json("{}")).get("posts")).hasSize(1);
            assertThat(market.health().up()).isTrue();
        }
    }

    @Test
    void a_chat_message_that_cannot_be_written_fails_visibly_and_leaves_nothing_behind() throws Exception {
        ChatService chat = ChatService.builder().busyTimeout(Duration.ofMillis(50)).build();
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, chat);
            Path db = dir.resolve("a/services/chat/chat.db");
            String send = "{'client_id': 'm', 'to': '" + TestKeys.BOB.nodeId().value() + "', 'text': 'hello'}";
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement();
                 LogCapture logs = new LogCapture()) {
                s.execute("BEGIN EXCLUSIVE");
                Expect.fails(ErrorCode.INTERNAL_ERROR, "locked", () -> call(node, "chat.send", json(send)));
                assertThat(logs.text()).contains("ERROR").contains("appending a chat.message event failed in " + db);
                assertThat(chat.health().up()).isFalse();
                s.execute("ROLLBACK");
            }
            assertThat(call(node, "chat.history", json("{}")).get("messages")).as("nothing was kept in memory").isEmpty();
            assertThat(call(node, "chat.send", json(send)).get("delivered").asText()).isEqualTo("queued");
            assertThat(call(node, "chat.history", json("{}")).get("messages")).hasSize(1);
        }
    }
}
