package io.hearthnet.services.market;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.BusConfig;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.testing.Calls;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The marketplace on one node: posting, lifetimes, filters, search, expiry, restart, bad input. */
class MarketServiceTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private Mesh mesh;
    private MarketService market;
    private HearthNode node;

    @BeforeEach
    void start() {
        mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock);
        market = new MarketService();
        node = mesh.start("a", TestKeys.ALICE, market);
    }

    @AfterEach
    void stop() {
        mesh.close();
    }

    private ObjectNode post(String clientId, String title, String category, String... tags) {
        ObjectNode in = json("{'client_id': '" + clientId + "', 'title': '" + title + "', 'category': '" + category + "'}");
        var t = in.putArray("tags");
        for (String tag : tags) {
            t.add(tag);
        }
        return call(node, "market.post", in);
    }

    private List<String> titles(ObjectNode listOrSearch) {
        List<String> out = new ArrayList<>();
        listOrSearch.get("posts").forEach(p -> out.add(p.get("title").asText()));
        return out;
    }

    @Test
    void a_post_is_listed_with_everything_it_said() {
        ObjectNode reply = call(node, "market.post", json("{'client_id': 'c1', 'title': 'Ladder to lend',"
                + " 'description': 'Three metres, aluminium', 'category': 'tools', 'tags': ['lend', 'garden']}"));
        assertThat(reply.get("created").asBoolean()).isTrue();
        JsonNode listed = call(node, "market.list", json("{}")).get("posts").get(0);
        assertThat(listed.get("post_id").asText()).isEqualTo(reply.get("post_id").asText());
        assertThat(listed.get("title").asText()).isEqualTo("Ladder to lend");
        assertThat(listed.get("description").asText()).isEqualTo("Three metres, aluminium");
        assertThat(listed.get("tags")).containsExactly(json("{'t':'lend'}").get("t"), json("{'t':'garden'}").get("t"));
        assertThat(listed.get("posted_by").asText()).isEqualTo(TestKeys.ALICE.nodeId().value());
        assertThat(listed.get("author").asText()).isEqualTo(TestKeys.ALICE.nodeId().value());
        assertThat(listed.get("created_at").asText()).isEqualTo(clock.instant().toString());
    }

    @Test
    void posting_again_with_the_same_client_id_returns_the_first_post_and_stores_nothing_new() {
        ObjectNode first = post("same", "Bike pump", "tools");
        long events = market.log().count();
        ObjectNode again = post("same", "Bike pump", "tools");
        assertThat(again.get("post_id")).isEqualTo(first.get("post_id"));
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(market.log().count()).isEqualTo(events);
        Expect.fails(ErrorCode.BAD_REQUEST, "already used", () -> post("same", "Something else", "tools"));
        assertThat(market.log().count()).isEqualTo(events);
        assertThat(call(node, "market.list", json("{}")).get("posts")).hasSize(1);
    }

    @Test
    void another_node_claiming_the_poster_and_client_id_does_not_displace_the_post() {
        ObjectNode first = post("same", "Bike pump", "tools");
        PostRequest claim = PostRequest.fromInput(json("{'client_id': 'same', 'title': 'Forged', 'category': 'tools'}"));
        io.hearthnet.services.eventlog.Event forged = io.hearthnet.services.eventlog.Event.create(TestKeys.seeded(66),
                new io.hearthnet.services.eventlog.UlidGenerator(clock).next(), 1, clock.instant(), "test",
                MarketProjection.POST, claim.toEventData(TestKeys.ALICE.nodeId().value()));

        assertThat(market.log().ingest(List.of(forged))).hasSize(1);

        List<String> postIds = new ArrayList<>();
        call(node, "market.list", json("{}")).get("posts").forEach(p -> postIds.add(p.get("post_id").asText()));
        assertThat(postIds).as("both stay: the forged one is only its author's claim")
                .containsExactlyInAnyOrder(first.get("post_id").asText(), forged.eventId().value());
        ObjectNode again = post("same", "Bike pump", "tools");
        assertThat(again.get("post_id")).isEqualTo(first.get("post_id"));
        assertThat(again.get("created").asBoolean()).isFalse();
    }

    @Test
    void lifetime_defaults_to_seven_days_may_reach_thirty_and_not_beyond() {
        ObjectNode byDefault = post("d", "Default", "misc");
        assertThat(Instant.parse(byDefault.get("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        ObjectNode longest = call(node, "market.post", json("{'client_id': 'l', 'title': 'Longest', 'category': 'misc',"
                + " 'ttl_seconds': 2592000}"));
        assertThat(Instant.parse(longest.get("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        long events = market.log().count();
        Expect.fails(ErrorCode.BAD_REQUEST, "at most 2592000", () -> call(node, "market.post",
                json("{'client_id': 'x', 'title': 'Too long', 'category': 'misc', 'ttl_seconds': 2592001}")));
        Calls.rejectsInput(() -> call(node, "market.post",
                json("{'client_id': 'y', 'title': 'Zero', 'category': 'misc', 'ttl_seconds': 0}")));
        assertThat(market.log().count()).isEqualTo(events);
    }

    @Test
    void posts_past_their_lifetime_are_not_listed_and_are_swept() {
        call(node, "market.post", json("{'client_id': 's', 'title': 'Short', 'category': 'misc', 'ttl_seconds': 60}"));
        post("l", "Long", "misc");
        clock.advance(Duration.ofSeconds(59));
        assertThat(titles(call(node, "market.list", json("{}")))).containsExactly("Short", "Long");
        clock.advance(Duration.ofSeconds(1));
        assertThat(titles(call(node, "market.list", json("{}")))).containsExactly("Long");
        assertThat(titles(call(node, "market.search", json("{'query': 'short'}")))).isEmpty();
        Calls.rejectsInput(() -> call(node, "market.expire", json("{'post_id': 'nope'}")));
        assertThat(market.storedPosts()).isEqualTo(2);
        assertThat(market.sweep()).isEqualTo(1);
        assertThat(market.storedPosts()).isEqualTo(1);
        assertThat(market.log().count()).as("the log keeps every event").isEqualTo(2);
    }

    @Test
    void list_filters_by_category_every_tag_lamport_and_limit() {
        post("1", "Drill", "tools", "lend", "power");
        post("2", "Saw", "tools", "lend");
        post("3", "Apples", "food", "give");
        long afterApples = call(node, "market.list", json("{}")).get("lamport").asLong();
        post("4", "Hammer", "tools", "power", "lend");
        assertThat(titles(call(node, "market.list", json("{'category': 'tools'}")))).containsExactly("Drill", "Saw", "Hammer");
        assertThat(titles(call(node, "market.list", json("{'tags': ['lend', 'power']}")))).containsExactly("Drill", "Hammer");
        assertThat(titles(call(node, "market.list", json("{'tags': ['give']}")))).containsExactly("Apples");
        assertThat(titles(call(node, "market.list", json("{'since_lamport': " + afterApples + "}")))).containsExactly("Hammer");
        assertThat(titles(call(node, "market.list", json("{'limit': 2}")))).containsExactly("Drill", "Saw");
        Calls.rejectsInput(() -> call(node, "market.list", json("{'limit': 501}")));
    }

    @Test
    void search_ranks_posts_by_relevance() {
        post("1", "Garden hose", "tools", "garden");
        post("2", "Ladder", "tools");
        call(node, "market.post", json("{'client_id': '3', 'title': 'Apple tree cuttings', 'category': 'garden',"
                + " 'description': 'From my garden, for your garden'}"));
        post("4", "Bread", "food");
        List<String> ranked = titles(call(node, "market.search", json("{'query': 'garden hose'}")));
        assertThat(ranked).containsExactly("Garden hose", "Apple tree cuttings");
        JsonNode scores = call(node, "market.search", json("{'query': 'garden hose'}")).get("posts");
        assertThat(scores.get(0).get("score").asDouble()).isGreaterThan(scores.get(1).get("score").asDouble());
        assertThat(titles(call(node, "market.search", json("{'query': 'ladder', 'category': 'food'}")))).isEmpty();
        assertThat(titles(call(node, "market.search", json("{'query': 'GARDEN', 'limit': 1}")))).hasSize(1);
    }

    @Test
    void the_poster_expires_a_post_once_and_unknown_posts_are_not_found() {
        String id = post("e", "Sofa", "furniture").get("post_id").asText();
        ObjectNode expired = call(node, "market.expire", json("{'post_id': '" + id + "'}"));
        assertThat(expired.get("already").asBoolean()).isFalse();
        assertThat(call(node, "market.list", json("{}")).get("posts")).isEmpty();
        assertThat(call(node, "market.expire", json("{'post_id': '" + id + "'}")).get("already").asBoolean()).isTrue();
        Expect.fails(ErrorCode.NOT_FOUND, () -> call(node, "market.expire", json("{'post_id': '01J00000000000000000000000'}")));
    }

    @Test
    void posts_survive_a_restart() {
        post("r", "Kept", "misc");
        node.close();
        node.start();
        assertThat(titles(call(node, "market.list", json("{}")))).containsExactly("Kept");
        assertThat(post("r2", "After", "misc").get("lamport").asLong()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bad_input_to_every_capability_is_refused_and_stores_nothing(boolean busValidates) {
        HearthNode target = busValidates ? node
                : mesh.start("unvalidated", TestKeys.BOB, b -> b.busConfig(BusConfig.builder().validateSchemas(false).build()),
                        new MarketService());
        String longText = "x".repeat(4001);
        String[][] cases = {
                {"market.post", "{}"},
                {"market.post", "{'title': 'no client id', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a', 'title': 'no category'}"},
                {"market.post", "{'client_id': 7, 'title': 't', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a b', 'title': 't', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a', 'title': '', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'Not A Slug'}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'description': '" + longText + "'}"},
                {"market.post", "{'client_id': 'a', 'title': '" + "t".repeat(201) + "', 'category': 'misc'}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'tags': 'one'}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'tags': ['a','a']}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'tags': ['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q']}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'ttl_seconds': 'long'}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'ttl_seconds': -5}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'ttl_seconds': 99999999999}"},
                {"market.post", "{'client_id': 'a', 'title': 't', 'category': 'misc', 'extra': true}"},
                {"market.list", "{'limit': 0}"},
                {"market.list", "{'limit': 'ten'}"},
                {"market.list", "{'category': 5}"},
                {"market.list", "{'since_lamport': -1}"},
                {"market.list", "{'tags': [1]}"},
                {"market.list", "{'unknown': 1}"},
                {"market.expire", "{}"},
                {"market.expire", "{'post_id': 12}"},
                {"market.expire", "{'post_id': 'not-a-ulid'}"},
                {"market.expire", "{'post_id': '01J00000000000000000000000', 'x': 1}"},
                {"market.search", "{}"},
                {"market.search", "{'query': ''}"},
                {"market.search", "{'query': '" + "q".repeat(257) + "'}"},
                {"market.search", "{'query': '   '}"},
                {"market.search", "{'query': 'a', 'limit': 101}"},
                {"market.log.pull", "{}"},
                {"market.log.pull", "{'have': {'not-a-node': 1}}"},
                {"market.log.pull", "{'have': {}, 'limit': 501}"},
                {"market.log.announce", "{'heads': []}"},
                {"market.log.head", "{'x': 1}"},
        };
        for (String[] c : cases) {
            Calls.rejectsInput(() -> call(target, c[0], json(c[1])));
        }
        assertThat(call(target, "market.list", json("{}")).get("posts")).isEmpty();
        assertThat(call(target, "market.log.head", json("{}")).get("count").asLong()).isZero();
    }
}
