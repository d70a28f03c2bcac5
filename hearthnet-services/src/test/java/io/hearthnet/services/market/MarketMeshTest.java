package io.hearthnet.services.market;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.callOn;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The marketplace across real nodes, over the in-memory transport and over HTTP. */
class MarketMeshTest {
    private static final NodeId MODERATOR = TestKeys.seeded(9).nodeId();
    /** The community's view: the moderator is trusted, everyone else of "test" a member. */
    private static final TrustPolicy ROSTER = new TrustPolicy() {
        @Override
        public TrustLevel levelOf(NodeId node, String community) {
            if (!community.equals("test")) {
                return TrustLevel.UNKNOWN;
            }
            return node.equals(MODERATOR) ? TrustLevel.TRUSTED : TrustLevel.MEMBER;
        }

        @Override
        public boolean isRevoked(NodeId node) {
            return false;
        }
    };

    @TempDir
    Path dir;

    private static Clock clockFor(Mesh.Kind kind) {
        return kind == Mesh.Kind.MEMORY ? new ManualClock() : Clock.systemUTC();
    }

    private static MarketService market() {
        return MarketService.builder().membership(ROSTER).build();
    }

    private static List<String> titles(HearthNode node) {
        List<String> out = new ArrayList<>();
        call(node, "market.list", json("{}")).get("posts").forEach(p -> out.add(p.get("title").asText()));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_post_on_one_node_is_listed_on_two_others(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, market());
            HearthNode b = mesh.start("b", TestKeys.BOB, market());
            HearthNode c = mesh.start("c", TestKeys.CAROL, market());
            call(a, "market.post", json("{'client_id': 'early', 'title': 'Before we met', 'category': 'misc'}"));
            mesh.introduceAll();
            Mesh.await("the early post on b and c", () -> titles(b).size() + titles(c).size(), n -> n == 2);
            call(a, "market.post", json("{'client_id': 'late', 'title': 'Seedlings', 'category': 'garden'}"));
            Mesh.await("the new post on b", () -> titles(b), t -> t.contains("Seedlings"));
            Mesh.await("the new post on c", () -> titles(c), t -> t.contains("Seedlings"));
            JsonNode onC = call(c, "market.list", json("{'category': 'garden'}")).get("posts").get(0);
            assertThat(onC.get("author").asText()).isEqualTo(a.nodeId().value());
            assertThat(titles(b)).containsExactly("Before we met", "Seedlings");
            assertThat(titles(c)).containsExactly("Before we met", "Seedlings");
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void only_the_poster_or_a_trusted_member_may_expire_a_post(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, market());
            HearthNode b = mesh.start("b", TestKeys.BOB, market());
            HearthNode moderator = mesh.start("m", TestKeys.seeded(9), market());
            mesh.introduceAll();
            String first = call(a, "market.post", json("{'client_id': '1', 'title': 'Mine', 'category': 'misc'}"))
                    .get("post_id").asText();
            String second = call(a, "market.post", json("{'client_id': '2', 'title': 'Also mine', 'category': 'misc'}"))
                    .get("post_id").asText();
            Mesh.await("both posts on b", () -> titles(b).size(), n -> n == 2);

            Expect.fails(ErrorCode.UNAUTHORIZED, () -> call(b, "market.expire", json("{'post_id': '" + first + "'}")));
            Expect.fails(ErrorCode.UNAUTHORIZED, () -> callOn(b, a.nodeId(), "market.expire", json("{'post_id': '" + first + "'}")));
            Expect.fails(ErrorCode.NOT_FOUND, () -> callOn(b, a.nodeId(), "market.expire",
                    json("{'post_id': '01J00000000000000000000000'}")));
            assertThat(titles(a)).containsExactly("Mine", "Also mine");

            call(a, "market.expire", json("{'post_id': '" + first + "'}"));
            Mesh.await("the expiry on b", () -> titles(b), t -> t.equals(List.of("Also mine")));
            Mesh.await("the expiry on the moderator's node", () -> titles(moderator), t -> t.equals(List.of("Also mine")));

            call(moderator, "market.expire", json("{'post_id': '" + second + "'}"));
            Mesh.await("the moderator's expiry on a", () -> titles(a), List::isEmpty);
            Mesh.await("the moderator's expiry on b", () -> titles(b), List::isEmpty);

            JsonNode viaA = callOn(b, a.nodeId(), "market.post", json("{'client_id': '3', 'title': 'Bob via Alice', 'category': 'misc'}"));
            String third = viaA.get("post_id").asText();
            Mesh.await("bob's post on b", () -> titles(b), t -> t.equals(List.of("Bob via Alice")));
            JsonNode listed = call(b, "market.list", json("{}")).get("posts").get(0);
            assertThat(listed.get("posted_by").asText()).isEqualTo(b.nodeId().value());
            assertThat(listed.get("author").asText()).isEqualTo(a.nodeId().value());
            call(b, "market.expire", json("{'post_id': '" + third + "'}"));
            Mesh.await("bob's own expiry on a", () -> titles(a), List::isEmpty);
        }
    }
}
