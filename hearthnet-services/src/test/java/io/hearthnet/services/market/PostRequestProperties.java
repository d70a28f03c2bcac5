package io.hearthnet.services.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.testing.JsonArbitraries;
import io.hearthnet.api.testing.TestKeys;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of the post parser and the lexical ranking. */
class PostRequestProperties {
    @Property(tries = 400)
    void a_post_input_is_accepted_within_its_bounds_and_refused_with_bad_request_otherwise(@ForAll("inputs") JsonNode input) {
        PostRequest r;
        try {
            r = PostRequest.fromInput((ObjectNode) input);
        } catch (HearthNetException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.BAD_REQUEST);
            return;
        }
        assertThat(r.ttl()).isPositive().isLessThanOrEqualTo(PostRequest.MAX_TTL);
        assertThat(r.title()).isNotEmpty();
        assertThat(PostRequest.fromEventData(r.toEventData(TestKeys.ALICE.nodeId().value()))).isEqualTo(r);
    }

    @Property
    void lifetimes_beyond_thirty_days_are_refused(@ForAll @LongRange(min = 2_592_001, max = Long.MAX_VALUE) long ttl) {
        ObjectNode in = base();
        in.put("ttl_seconds", ttl);
        try {
            PostRequest.fromInput(in);
            throw new AssertionError("accepted ttl " + ttl);
        } catch (HearthNetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Property(tries = 200)
    void ranking_returns_only_matching_posts_best_first(@ForAll("words") List<String> titles, @ForAll("word") String query) {
        List<Post> posts = new java.util.ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            posts.add(new Post(io.hearthnet.services.eventlog.Ulid.of(i, 0, i), i + 1, TestKeys.ALICE.nodeId(),
                    TestKeys.ALICE.nodeId(), "c" + i, titles.get(i), "", "misc", List.of(), java.time.Instant.EPOCH,
                    java.time.Instant.EPOCH));
        }
        List<LexicalRanking.Scored> ranked = LexicalRanking.rank(posts, query, 100);
        assertThat(ranked).allSatisfy(s -> assertThat(LexicalRanking.words(s.post().title())).contains(query));
        assertThat(ranked).hasSize((int) posts.stream().filter(p -> LexicalRanking.words(p.title()).contains(query)).count());
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i - 1).score()).isGreaterThanOrEqualTo(ranked.get(i).score());
        }
    }

    private static ObjectNode base() {
        ObjectNode in = io.hearthnet.api.json.Json.object();
        in.put("client_id", "c");
        in.put("title", "t");
        in.put("category", "misc");
        return in;
    }

    @Provide
    Arbitrary<JsonNode> inputs() {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonArbitraries.values(1),
                Arbitraries.strings().ofMaxLength(40).map(s -> io.hearthnet.api.json.Json.mapper().<JsonNode>valueToTree(s)),
                Arbitraries.longs().map(l -> io.hearthnet.api.json.Json.mapper().<JsonNode>valueToTree(l)));
        return Arbitraries.of("client_id", "title", "description", "category", "tags", "ttl_seconds", "other")
                .flatMap(field -> values.map(v -> {
                    ObjectNode in = base();
                    if (v.isNull()) {
                        in.remove(field);
                    } else {
                        in.set(field, v);
                    }
                    return (JsonNode) in;
                }));
    }

    @Provide
    Arbitrary<String> word() {
        return Arbitraries.of("apple", "ladder", "bike", "seed");
    }

    @Provide
    Arbitrary<List<String>> words() {
        return word().list().ofMaxSize(4).map(w -> String.join(" ", w)).list().ofMaxSize(12);
    }
}
