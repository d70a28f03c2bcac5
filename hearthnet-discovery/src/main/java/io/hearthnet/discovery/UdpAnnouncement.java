package io.hearthnet.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The UDP multicast announcement: {@code {"v":1,"node","community","port","caps":[...]}}, at most
 * {@value #MAX_BYTES} bytes of UTF-8 JSON (capabilities are dropped from the end to fit). Unsigned:
 * the manifest it points to is what gets verified.
 *
 * @param node         the announcing node
 * @param communityId  its community
 * @param port         the port of its first HTTP endpoint
 * @param capabilities {@code name@X.Y} of what it offers
 */
record UdpAnnouncement(NodeId node, String communityId, int port, List<String> capabilities) {
    static final int MAX_BYTES = 1024;
    static final int VERSION = 1;

    UdpAnnouncement {
        Objects.requireNonNull(node, "node");
        if (communityId == null || communityId.isBlank()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement community is missing");
        }
        if (port < 1 || port > 65_535) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement port must be 1 to 65535, got " + port);
        }
        capabilities = List.copyOf(capabilities);
    }

    /** The JSON bytes, with as many capabilities as fit in {@value #MAX_BYTES} bytes. */
    byte[] encode() {
        ObjectNode o = Json.object();
        o.put("v", VERSION);
        o.put("node", node.value());
        o.put("community", communityId);
        o.put("port", port);
        ArrayNode caps = o.putArray("caps");
        byte[] bytes = Json.writeBytes(o);
        if (bytes.length > MAX_BYTES) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement of " + node.shortForm()
                    + " exceeds " + MAX_BYTES + " bytes even without capabilities");
        }
        int used = bytes.length;
        for (String c : capabilities) {
            int more = Json.writeBytes(Json.array().add(c)).length - 2 + (caps.isEmpty() ? 0 : 1);
            if (used + more > MAX_BYTES) {
                break;
            }
            caps.add(c);
            used += more;
        }
        return Json.writeBytes(o);
    }

    /**
     * Reads an announcement.
     *
     * @throws HearthNetException {@code bad_request} when oversized, malformed, of another version
     *         or missing a field
     */
    static UdpAnnouncement decode(byte[] data, int offset, int length) {
        if (length > MAX_BYTES) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement of " + length + " bytes exceeds " + MAX_BYTES);
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        ObjectNode o = Json.parseObject(copy);
        if (!o.path("v").isInt() || o.get("v").asInt() != VERSION) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement version must be " + VERSION + ", got " + o.get("v"));
        }
        if (!o.path("node").isTextual() || !o.path("community").isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement needs 'node' and 'community' strings");
        }
        if (!o.path("port").isInt()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement 'port' must be an integer");
        }
        List<String> caps = new ArrayList<>();
        JsonNode list = o.path("caps");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement 'caps' must be an array");
        }
        for (JsonNode c : list) {
            if (!c.isTextual()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "announcement 'caps' must hold strings");
            }
            caps.add(c.asText());
        }
        return new UdpAnnouncement(NodeId.parse(o.get("node").asText()), o.get("community").asText(), o.get("port").asInt(), caps);
    }

    /** What a change of announcement is judged by. */
    String fingerprint() {
        return port + "|" + String.join(",", capabilities);
    }
}
