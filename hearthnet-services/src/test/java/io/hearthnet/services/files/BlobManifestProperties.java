package io.hearthnet.services.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.JsonArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of blob manifests: chunking, hashes, and the parser. */
class BlobManifestProperties {
    @Property(tries = 40)
    void chunks_cover_the_content_in_order_and_each_is_named_by_its_hash(
            @ForAll @IntRange(min = 0, max = 3 * BlobManifest.CHUNK_SIZE + 7) int size, @ForAll long seed) {
        byte[] content = Blobs.content(size, seed);
        BlobManifest m = BlobManifest.of(content, "f");
        var chunks = BlobManifest.split(content);
        assertThat(chunks).hasSize(m.chunks().size());
        int offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i)).hasSize(m.chunkLength(i));
            assertThat(Blake3.hash(chunks.get(i))).isEqualTo(m.chunks().get(i));
            assertThat(chunks.get(i)).isEqualTo(Arrays.copyOfRange(content, offset, offset + chunks.get(i).length));
            offset += chunks.get(i).length;
        }
        assertThat(offset).isEqualTo(size);
        assertThat(new WholeHash().update(content).finish()).isEqualTo(m.blobId()).isEqualTo(Blake3.hash(content));
        assertThat(BlobManifest.fromJson(Json.parse(Json.write(m.toJson())))).isEqualTo(m);
    }

    @Property(tries = 300)
    void the_parser_accepts_only_consistent_manifests_and_answers_bad_request_otherwise(@ForAll("manifests") JsonNode json) {
        BlobManifest parsed;
        try {
            parsed = BlobManifest.fromJson(json);
        } catch (HearthNetException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.BAD_REQUEST);
            return;
        }
        assertThat(Json.write(parsed.toJson())).isEqualTo(Json.write(json));
        assertThat(parsed.chunks()).hasSize((int) ((parsed.size() + BlobManifest.CHUNK_SIZE - 1) / BlobManifest.CHUNK_SIZE));
    }

    @Provide
    Arbitrary<JsonNode> manifests() {
        ObjectNode valid = BlobManifest.of(new byte[BlobManifest.CHUNK_SIZE + 1], "two chunks").toJson();
        Arbitrary<JsonNode> broken = Arbitraries.of("blob_id", "name", "size", "chunk_size", "chunks", "extra")
                .flatMap(field -> JsonArbitraries.values(1).map(v -> {
                    ObjectNode o = valid.deepCopy();
                    if (v.isNull()) {
                        o.remove(field);
                    } else {
                        o.set(field, v);
                    }
                    return (JsonNode) o;
                }));
        Arbitrary<JsonNode> resized = Arbitraries.longs().between(-1, 3L * BlobManifest.CHUNK_SIZE).map(size -> {
            ObjectNode o = valid.deepCopy();
            o.put("size", size);
            return (JsonNode) o;
        });
        return Arbitraries.oneOf(JsonArbitraries.values(3), broken, resized, Arbitraries.just(valid));
    }
}
