package io.hearthnet.services.files;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import io.hearthnet.bus.BusConfig;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.services.testing.Calls;
import io.hearthnet.services.testing.Mesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files service on one node: refusals, incomplete offers, restart. */
class FilesServiceTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static long chunkFiles(Path serviceDir) throws IOException {
        try (Stream<Path> files = Files.walk(serviceDir.resolve("chunks"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void a_chunk_that_does_not_match_its_id_is_refused() throws IOException {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, new FilesService());
            ObjectNode in = Blobs.chunkInput(new byte[] {1, 2, 3});
            in.put("cid", Blake3.hash(new byte[] {1, 2, 4}));
            Expect.fails(ErrorCode.BAD_REQUEST, "does not match its hash", () -> call(node, "file.put", in));
            assertThat(chunkFiles(dir.resolve("a/services/files"))).isZero();
        }
    }

    @Test
    void file_put_announces_the_transfer_timeout_as_its_deadline() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE,
                    FilesService.builder().transferTimeout(java.time.Duration.ofMinutes(5)).build());
            assertThat(node.manifest().capabilities()).filteredOn(c -> c.name().equals("file.put"))
                    .extracting(io.hearthnet.api.manifest.ManifestCapability::timeout)
                    .containsExactly(java.time.Duration.ofMinutes(5));
        }
    }

    @Test
    void a_manifest_offered_without_its_chunks_reports_what_is_missing_and_keeps_nothing() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, new FilesService());
            byte[] content = Blobs.content(BlobManifest.CHUNK_SIZE + 5, 1);
            BlobManifest manifest = BlobManifest.of(content, "half.bin");
            call(node, "file.put", Blobs.chunkInput(BlobManifest.split(content).get(0)));
            ObjectNode reply = call(node, "file.put", Blobs.manifestInput(manifest));
            assertThat(reply.get("complete").asBoolean()).isFalse();
            assertThat(reply.get("missing")).hasSize(1);
            assertThat(reply.get("missing").get(0).asText()).isEqualTo(manifest.chunks().get(1));
            assertThat(call(node, "file.list", json("{}")).get("files")).isEmpty();
        }
    }

    @Test
    void a_manifest_whose_chunks_do_not_make_its_blob_is_refused() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, new FilesService());
            byte[] content = Blobs.content(1000, 2);
            BlobManifest honest = BlobManifest.of(content, "a.bin");
            BlobManifest lying = new BlobManifest(Blake3.hash(new byte[] {9}), "a.bin", 1000, honest.chunks());
            call(node, "file.put", Blobs.chunkInput(content));
            Expect.fails(ErrorCode.BAD_REQUEST, "hashes to", () -> call(node, "file.put", Blobs.manifestInput(lying)));
            assertThat(call(node, "file.list", json("{}")).get("files")).isEmpty();
        }
    }

    @Test
    void blobs_survive_a_restart() {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            HearthNode node = mesh.start("a", TestKeys.ALICE, new FilesService());
            byte[] content = Blobs.content(BlobManifest.CHUNK_SIZE * 2 + 1, 5);
            BlobManifest manifest = Blobs.store(node, content, "kept.bin");
            node.close();
            node.start();
            assertThat(Blobs.readVerified(node, node.nodeId(), manifest.blobId())).isEqualTo(content);
            assertThat(call(node, "file.list", json("{}")).get("files").get(0).get("name").asText()).isEqualTo("kept.bin");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bad_input_to_every_capability_is_refused_and_stores_nothing(boolean busValidates) throws IOException {
        try (Mesh mesh = new Mesh(Mesh.Kind.MEMORY, dir, clock)) {
            FilesService files = new FilesService();
            HearthNode node = mesh.start("a", TestKeys.ALICE,
                    b -> b.busConfig(BusConfig.builder().validateSchemas(busValidates).build()), files);
            String hash = Blake3.hash(new byte[] {1});
            String tooBig = Base64.getEncoder().encodeToString(new byte[BlobManifest.CHUNK_SIZE + 1]);
            String manifest = "{'blob_id': '" + hash + "', 'name': 'n', 'size': 1, 'chunk_size': 262144, 'chunks': ['" + hash + "']}";
            String[][] cases = {
                    {"file.put", "{}"},
                    {"file.put", "{'chunk': 'not base64!'}"},
                    {"file.put", "{'chunk': ''}"},
                    {"file.put", "{'chunk': '" + tooBig + "'}"},
                    {"file.put", "{'chunk': 'AQ==', 'cid': 'md5:abc'}"},
                    {"file.put", "{'chunk': 'AQ==', 'extra': 1}"},
                    {"file.put", "{'chunk': 5}"},
                    {"file.put", "{'manifest': {}}"},
                    {"file.put", "{'manifest': " + manifest.replace("'size': 1", "'size': 300000") + "}"},
                    {"file.put", "{'manifest': " + manifest.replace("262144", "1024") + "}"},
                    {"file.put", "{'manifest': " + manifest.replace("'name': 'n'", "'name': ''") + "}"},
                    {"file.put", "{'manifest': " + manifest.replace("'size': 1", "'size': -1") + "}"},
                    {"file.put", "{'manifest': " + manifest + ", 'from': 'nobody'}"},
                    {"file.put", "{'manifest': " + manifest + ", 'chunk': 'AQ=='}"},
                    {"file.list", "{'limit': 0}"},
                    {"file.list", "{'prefix': 7}"},
                    {"file.list", "{'prefix': '" + "p".repeat(256) + "'}"},
                    {"file.list", "{'other': true}"},
                    {"file.advertise", "{}"},
                    {"file.advertise", "{'blobs': []}"},
                    {"file.advertise", "{'blobs': [{'blob_id': 'x', 'name': 'n', 'size': 1}]}"},
                    {"file.advertise", "{'blobs': [{'blob_id': '" + hash + "', 'name': 'n'}]}"},
                    {"file.advertise", "{'blobs': [{'blob_id': '" + hash + "', 'name': 'n', 'size': 'big'}]}"},
                    {"file.advertise", "{'blobs': [{'blob_id': '" + hash + "', 'name': 'tab\\there', 'size': 1}]}"},
            };
            for (String[] c : cases) {
                Calls.rejectsInput(() -> call(node, c[0], json(c[1])));
            }
            String[] badReads = {"{}", "{'cid': 'nope'}", "{'blob_id': '" + hash + "', 'cids': 'all'}", "{'cid': '" + hash + "', 'x': 1}"};
            for (String r : badReads) {
                Calls.rejectsInput(() -> node.caller().stream("file.read", io.hearthnet.api.Version.of(1, 0), json(r),
                        io.hearthnet.api.CallOptions.defaults()).readAll());
            }
            Expect.fails(ErrorCode.NOT_FOUND, () -> node.caller().stream("file.read", io.hearthnet.api.Version.of(1, 0),
                    json("{'cid': '" + hash + "'}"), io.hearthnet.api.CallOptions.defaults()).readAll());
            assertThat(chunkFiles(dir.resolve("a/services/files"))).isZero();
            assertThat(files.log().count()).isZero();
            assertThat(call(node, "file.list", json("{}")).get("files")).isEmpty();
        }
    }
}
