package io.hearthnet.services.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.support.Inputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a blob is: its id (the BLAKE3 of its whole content), a name, its size, and the CIDs (BLAKE3)
 * of its {@value #CHUNK_SIZE}-byte chunks in order (the last one may be shorter). JSON form:
 * {@code {"blob_id", "name", "size", "chunk_size", "chunks": [cid...]}}.
 *
 * @param blobId the BLAKE3 of the whole content, {@code blake3:<hex>}
 * @param name   1 to 255 characters without control characters; {@code /} may group names
 * @param size   bytes, 0 to {@value #MAX_SIZE}
 * @param chunks the chunk CIDs in order
 */
public record BlobManifest(String blobId, String name, long size, List<String> chunks) {
    /** Bytes per chunk. */
    public static final int CHUNK_SIZE = 256 * 1024;
    /** Largest blob, in bytes (4 096 chunks). */
    public static final long MAX_SIZE = 4_096L * CHUNK_SIZE;

    static final Pattern NAME = Pattern.compile("[^\\x00-\\x1f\\x7f]{1,255}");
    private static final Set<String> FIELDS = Set.of("blob_id", "name", "size", "chunk_size", "chunks");

    /** Checks the manifest is consistent: hashes well-formed, as many chunks as the size needs. */
    public BlobManifest {
        if (!Blake3.isHash(blobId)) {
            throw Inputs.bad("blob_id must be blake3:<64 lowercase hex>");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw Inputs.bad("a blob name is 1 to 255 characters without control characters");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw Inputs.bad("a blob is 0 to " + MAX_SIZE + " bytes, got " + size);
        }
        chunks = List.copyOf(chunks);
        long expected = (size + CHUNK_SIZE - 1) / CHUNK_SIZE;
        if (chunks.size() != expected) {
            throw Inputs.bad("a blob of " + size + " bytes has " + expected + " chunks, the manifest lists " + chunks.size());
        }
        for (String cid : chunks) {
            if (!Blake3.isHash(cid)) {
                throw Inputs.bad("every chunk id must be blake3:<64 lowercase hex>");
            }
        }
    }

    /** The manifest of {@code content} called {@code name}. */
    public static BlobManifest of(byte[] content, String name) {
        List<String> cids = new ArrayList<>();
        for (int from = 0; from < content.length; from += CHUNK_SIZE) {
            cids.add(Blake3.hash(Arrays.copyOfRange(content, from, Math.min(content.length, from + CHUNK_SIZE))));
        }
        return new BlobManifest(Blake3.hash(content), name, content.length, cids);
    }

    /** The chunks of {@code content}, in order. */
    public static List<byte[]> split(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < content.length; from += CHUNK_SIZE) {
            out.add(Arrays.copyOfRange(content, from, Math.min(content.length, from + CHUNK_SIZE)));
        }
        return out;
    }

    /** Reads the JSON form; anything inconsistent is {@code bad_request}. */
    public static BlobManifest fromJson(JsonNode json) {
        ObjectNode o = Json.requireObject(json, "manifest");
        Inputs.onlyFields(o, FIELDS);
        long chunkSize = Inputs.integer(o, "chunk_size", 1, Integer.MAX_VALUE, -1);
        if (chunkSize != CHUNK_SIZE) {
            throw Inputs.bad("manifest chunk_size must be " + CHUNK_SIZE);
        }
        JsonNode chunks = o.get("chunks");
        if (chunks == null || !chunks.isArray() || chunks.size() > MAX_SIZE / CHUNK_SIZE) {
            throw Inputs.bad("manifest chunks must be an array of at most " + MAX_SIZE / CHUNK_SIZE + " chunk ids");
        }
        List<String> cids = new ArrayList<>();
        chunks.forEach(c -> cids.add(c.isTextual() ? c.textValue() : ""));
        if (!o.path("size").isIntegralNumber()) {
            throw Inputs.bad("manifest size must be a whole number");
        }
        return new BlobManifest(Inputs.text(o, "blob_id", 1, 71), Inputs.text(o, "name", 1, 255),
                o.get("size").asLong(), cids);
    }

    /** The JSON form. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("blob_id", blobId);
        o.put("name", name);
        o.put("size", size);
        o.put("chunk_size", CHUNK_SIZE);
        ArrayNode c = o.putArray("chunks");
        chunks.forEach(c::add);
        return o;
    }

    /** The expected length of chunk {@code index}. */
    int chunkLength(int index) {
        Objects.checkIndex(index, chunks.size());
        return index < chunks.size() - 1 ? CHUNK_SIZE : (int) (size - (long) index * CHUNK_SIZE);
    }
}
