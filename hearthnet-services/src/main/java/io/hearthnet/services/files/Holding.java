package io.hearthnet.services.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Blake3;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.support.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One blob someone says it holds, as advertised: id, name, size.
 *
 * @param blobId the blob's id
 * @param name   its name
 * @param size   its size in bytes
 */
record Holding(String blobId, String name, long size) {
    static final int MAX_PER_ADVERTISEMENT = 100;

    /** Reads {@code field} of {@code in}: 1 to 100 holdings; any problem is {@code bad_request}. */
    static List<Holding> readAll(ObjectNode in, String field) {
        JsonNode array = in.get(field);
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > MAX_PER_ADVERTISEMENT) {
            throw Inputs.bad("'" + field + "' must be an array of 1 to " + MAX_PER_ADVERTISEMENT + " blobs");
        }
        List<Holding> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!(item instanceof ObjectNode o)) {
                throw Inputs.bad("every item of '" + field + "' must be an object");
            }
            Inputs.onlyFields(o, Set.of("blob_id", "name", "size"));
            String id = Inputs.text(o, "blob_id", 1, 71);
            if (!Blake3.isHash(id)) {
                throw Inputs.bad("blob_id must be blake3:<64 lowercase hex>");
            }
            String name = Inputs.text(o, "name", 1, 255);
            if (!BlobManifest.NAME.matcher(name).matches()) {
                throw Inputs.bad("a blob name has no control characters");
            }
            out.add(new Holding(id, name, Inputs.integer(o, "size", 0, BlobManifest.MAX_SIZE, -1)));
            if (!o.has("size")) {
                throw Inputs.bad("'size' is required");
            }
        }
        return out;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("blob_id", blobId);
        o.put("name", name);
        o.put("size", size);
        return o;
    }
}
