package io.hearthnet.services.files;

import static io.hearthnet.services.testing.Calls.call;
import static io.hearthnet.services.testing.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Frame;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.bus.HearthNode;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** Test helpers: make content, store it on a node, read a blob back checking every hash. */
final class Blobs {
    private Blobs() {}

    static byte[] content(int bytes, long seed) {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return data;
    }

    static ObjectNode chunkInput(byte[] chunk) {
        ObjectNode in = json("{}");
        in.put("chunk", Base64.getEncoder().encodeToString(chunk));
        in.put("cid", Blake3.hash(chunk));
        return in;
    }

    static ObjectNode manifestInput(BlobManifest manifest) {
        ObjectNode in = json("{}");
        in.set("manifest", manifest.toJson());
        return in;
    }

    /** Stores {@code content} on {@code node} through its own file.put; returns the manifest. */
    static BlobManifest store(HearthNode node, byte[] content, String name) {
        BlobManifest manifest = BlobManifest.of(content, name);
        for (byte[] chunk : BlobManifest.split(content)) {
            call(node, "file.put", chunkInput(chunk));
        }
        ObjectNode done = call(node, "file.put", manifestInput(manifest));
        assertThat(done.get("complete").asBoolean()).isTrue();
        return manifest;
    }

    /** Streams blob {@code blobId} from {@code holder}, checking each chunk's id and the whole blob's. */
    static byte[] readVerified(HearthNode from, NodeId holder, String blobId) {
        ObjectNode in = json("{}");
        in.put("blob_id", blobId);
        List<Frame> frames = from.caller().stream("file.read", Version.of(1, 0), in,
                CallOptions.builder().targetNode(holder).build()).readAll();
        assertThat(frames.get(0).event()).isEqualTo("manifest");
        BlobManifest manifest = BlobManifest.fromJson(frames.get(0).data().get("manifest"));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int index = 0;
        for (Frame f : frames.subList(1, frames.size() - 1)) {
            assertThat(f.event()).isEqualTo("chunk");
            byte[] data = Base64.getDecoder().decode(f.data().get("data").asText());
            assertThat(Blake3.hash(data)).as("chunk %d", index).isEqualTo(f.data().get("cid").asText())
                    .isEqualTo(manifest.chunks().get(index));
            assertThat(f.data().get("index").asInt()).isEqualTo(index);
            whole.writeBytes(data);
            index++;
        }
        assertThat(frames.get(frames.size() - 1).isDone()).isTrue();
        assertThat(index).isEqualTo(manifest.chunks().size());
        assertThat(Blake3.hash(whole.toByteArray())).isEqualTo(blobId);
        return whole.toByteArray();
    }
}
