package io.hearthnet.services.files;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.callOn;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.testing.Mesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Blobs moving between real nodes, over the in-memory transport and over HTTP. */
class FilesMeshTest {
    private static final int FIVE_MIB = 5 * 1024 * 1024;

    @TempDir
    Path dir;

    private static Clock clockFor(Mesh.Kind kind) {
        return kind == Mesh.Kind.MEMORY ? new ManualClock() : Clock.systemUTC();
    }

    private static List<String> holders(HearthNode node, String blobId) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : call(node, "file.list", json("{}")).get("files")) {
            if (f.get("blob_id").asText().equals(blobId)) {
                f.get("holders").forEach(h -> out.add(h.asText()));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_five_mebibyte_blob_moves_between_nodes_with_every_hash_checked_and_only_missing_chunks_sent(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new FilesService());
            HearthNode b = mesh.start("b", TestKeys.BOB, new FilesService());
            HearthNode c = mesh.start("c", TestKeys.CAROL, new FilesService());
            mesh.introduceAll();
            byte[] content = Blobs.content(FIVE_MIB, 42);
            BlobManifest manifest = Blobs.store(a, content, "videos/street-party.bin");
            assertThat(manifest.chunks()).hasSize(20);

            ObjectNode toB = callOn(a, b.nodeId(), "file.put", Blobs.manifestInput(manifest));
            assertThat(toB.get("complete").asBoolean()).isTrue();
            assertThat(toB.get("stored").asInt()).isEqualTo(20);
            assertThat(toB.get("already").asInt()).isZero();
            assertThat(Blobs.readVerified(a, b.nodeId(), manifest.blobId())).isEqualTo(content);

            ObjectNode again = callOn(a, b.nodeId(), "file.put", Blobs.manifestInput(manifest));
            assertThat(again.get("stored").asInt()).as("deduplicated").isZero();
            assertThat(again.get("already").asInt()).isEqualTo(20);

            List<byte[]> chunks = BlobManifest.split(content);
            for (byte[] chunk : chunks.subList(0, 12)) {
                call(c, "file.put", Blobs.chunkInput(chunk));
            }
            ObjectNode toC = callOn(a, c.nodeId(), "file.put", Blobs.manifestInput(manifest));
            assertThat(toC.get("stored").asInt()).as("only the chunks c lacked").isEqualTo(8);
            assertThat(toC.get("already").asInt()).isEqualTo(12);
            assertThat(Blobs.readVerified(b, c.nodeId(), manifest.blobId())).isEqualTo(content);

            Mesh.await("a learning who holds the blob", () -> holders(a, manifest.blobId()),
                    h -> h.containsAll(List.of(a.nodeId().value(), b.nodeId().value(), c.nodeId().value())));
            JsonNode listed = call(b, "file.list", json("{'prefix': 'videos/'}")).get("files").get(0);
            assertThat(listed.get("local").asBoolean()).isTrue();
            assertThat(listed.get("size").asLong()).isEqualTo(FIVE_MIB);
            assertThat(call(b, "file.list", json("{'prefix': 'photos/'}")).get("files")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_chunk_tampered_in_transit_is_refused(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            byte[] content = Blobs.content(3 * BlobManifest.CHUNK_SIZE + 100, 7);
            BlobManifest manifest = BlobManifest.of(content, "doc.bin");
            List<byte[]> chunks = BlobManifest.split(content);
            HearthNode rogue = mesh.start("rogue", TestKeys.seeded(8),
                    builder -> builder.capability(tamperingReader(manifest, chunks, 1)));
            FilesService bobFiles = new FilesService();
            HearthNode b = mesh.start("b", TestKeys.BOB, bobFiles);
            mesh.introduceAll();
            ObjectNode offer = Blobs.manifestInput(manifest);
            offer.put("from", rogue.nodeId().value());
            Expect.fails(ErrorCode.BAD_REQUEST, "does not match its hash", () -> call(b, "file.put", offer));
            assertThat(Files.exists(bobFiles.chunkPath(manifest.chunks().get(1)))).isFalse();
            assertThat(call(b, "file.list", json("{}")).get("files")).isEmpty();
            Expect.fails(ErrorCode.NOT_FOUND, () -> Blobs.readVerified(b, b.nodeId(), manifest.blobId()));
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_chunk_corrupted_on_disk_is_not_served_and_the_transfer_fails(Mesh.Kind kind) throws Exception {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            FilesService aliceFiles = new FilesService();
            HearthNode a = mesh.start("a", TestKeys.ALICE, aliceFiles);
            FilesService bobFiles = new FilesService();
            HearthNode b = mesh.start("b", TestKeys.BOB, bobFiles);
            mesh.introduceAll();
            BlobManifest manifest = Blobs.store(a, Blobs.content(2 * BlobManifest.CHUNK_SIZE, 3), "notes.bin");
            Path victim = aliceFiles.chunkPath(manifest.chunks().get(0));
            byte[] bytes = Files.readAllBytes(victim);
            bytes[10] ^= 1;
            Files.write(victim, bytes);
            Expect.fails(ErrorCode.INTERNAL_ERROR, "corrupt",
                    () -> callOn(a, b.nodeId(), "file.put", Blobs.manifestInput(manifest)));
            assertThat(Files.exists(bobFiles.chunkPath(manifest.chunks().get(0)))).isFalse();
            assertThat(call(b, "file.list", json("{}")).get("files").toString()).doesNotContain("\"local\":true");
            assertThat(Files.exists(victim)).as("set aside").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Mesh.Kind.class)
    void a_node_records_what_others_advertise(Mesh.Kind kind) {
        try (Mesh mesh = new Mesh(kind, dir, clockFor(kind))) {
            HearthNode a = mesh.start("a", TestKeys.ALICE, new FilesService());
            HearthNode c = mesh.start("c", TestKeys.CAROL, new FilesService());
            mesh.introduceAll();
            String id = BlobManifest.of(new byte[] {1, 2, 3}, "x").blobId();
            ObjectNode ad = json("{'blobs': [{'blob_id': '" + id + "', 'name': 'maps/town.pdf', 'size': 3}]}");
            assertThat(callOn(c, a.nodeId(), "file.advertise", ad).get("recorded").asInt()).isEqualTo(1);
            JsonNode listed = call(a, "file.list", json("{'prefix': 'maps/'}")).get("files").get(0);
            assertThat(listed.get("local").asBoolean()).isFalse();
            assertThat(listed.get("holders").get(0).asText()).isEqualTo(c.nodeId().value());
            Mesh.await("the advertisement replicated to c", () -> holders(c, id), h -> h.equals(List.of(c.nodeId().value())));
        }
    }

    /** A file.read that serves {@code manifest} but flips a bit in chunk {@code bad}. */
    private static Capability tamperingReader(BlobManifest manifest, List<byte[]> chunks, int bad) {
        CapabilityDescriptor d = CapabilityDescriptor.builder("file.read", Version.of(1, 0))
                .requestSchema(FilesSchemas.READ_REQUEST).streamSchema(FilesSchemas.READ_FRAME).build();
        return Capability.of(d, CapabilityHandler.streaming((call, sink) -> {
            ObjectNode m = Json.object();
            m.set("manifest", manifest.toJson());
            sink.emit("manifest", m);
            for (int i = 0; i < chunks.size(); i++) {
                byte[] data = chunks.get(i).clone();
                if (i == bad) {
                    data[0] ^= 1;
                }
                ObjectNode f = Json.object();
                f.put("cid", manifest.chunks().get(i));
                f.put("index", i);
                f.put("data", Base64.getEncoder().encodeToString(data));
                sink.emit("chunk", f);
            }
        }));
    }
}
