package io.hearthnet.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.TrustPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A closed community: an explicit roster of members with their trust levels and a list of revoked
 * nodes, signed by the community's root key. The root is an anchor; nodes not on the roster are
 * unknown. The roster document is
 * {@code {"community_id", "root", "issued_at", "members": {node_id: level}, "revoked": [node_id], "signature"}}.
 */
public final class RosterTrustPolicy implements TrustPolicy {
    private final String communityId;
    private final NodeId root;
    private final Map<NodeId, TrustLevel> members;
    private final Set<NodeId> revoked;

    private RosterTrustPolicy(String communityId, NodeId root, Map<NodeId, TrustLevel> members, Set<NodeId> revoked) {
        this.communityId = communityId;
        this.root = root;
        this.members = Map.copyOf(members);
        this.revoked = Set.copyOf(revoked);
    }

    /** Signs a roster document with the community's root key. */
    public static ObjectNode sign(NodeKeyPair rootKeys, String communityId, Map<NodeId, TrustLevel> members,
                                  Set<NodeId> revoked, Clock clock) {
        ObjectNode doc = Json.object();
        doc.put("community_id", Objects.requireNonNull(communityId, "communityId"));
        doc.put("root", rootKeys.nodeId().value());
        doc.put("issued_at", clock.instant().toString());
        ObjectNode m = doc.putObject("members");
        members.forEach((node, level) -> m.put(node.value(), level.wireName()));
        ArrayNode r = doc.putArray("revoked");
        revoked.forEach(node -> r.add(node.value()));
        return SignedJson.sign(rootKeys, doc);
    }

    /**
     * Reads a roster document, verifying that {@code expectedRoot} signed it.
     *
     * @throws HearthNetException {@code invalid_signature} when another key signed it,
     *         {@code bad_request} when it is malformed
     */
    public static RosterTrustPolicy fromJson(JsonNode json, NodeId expectedRoot) {
        ObjectNode doc = Json.requireObject(json, "roster");
        NodeId root = NodeId.parse(doc.path("root").asText(null));
        if (!root.equals(expectedRoot)) {
            throw new HearthNetException(ErrorCode.INVALID_SIGNATURE, "roster is rooted at " + root.shortForm()
                    + ", expected " + expectedRoot.shortForm());
        }
        SignedJson.verify(root, doc);
        if (!doc.path("community_id").isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "roster needs a community_id string");
        }
        Map<NodeId, TrustLevel> members = new HashMap<>();
        JsonNode m = doc.path("members");
        if (!m.isObject()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "roster members must be an object of node id to level");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            members.put(NodeId.parse(e.getKey()), TrustLevel.fromWireName(e.getValue().asText(null)));
        }
        Set<NodeId> revoked = new HashSet<>();
        JsonNode r = doc.path("revoked");
        if (!r.isMissingNode()) {
            if (!r.isArray()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "roster revoked must be an array of node ids");
            }
            r.forEach(n -> revoked.add(NodeId.parse(n.asText(null))));
        }
        return new RosterTrustPolicy(doc.get("community_id").asText(), root, members, revoked);
    }

    /** Loads and verifies a roster file. */
    public static RosterTrustPolicy load(Path file, NodeId expectedRoot) {
        try {
            return fromJson(Json.parse(Files.readAllBytes(file)), expectedRoot);
        } catch (IOException e) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "cannot read roster " + file + ": " + e.getMessage(), e);
        }
    }

    /** The community the roster describes. */
    public String communityId() {
        return communityId;
    }

    @Override
    public TrustLevel levelOf(NodeId node, String community) {
        if (!communityId.equals(community) || revoked.contains(node)) {
            return TrustLevel.UNKNOWN;
        }
        if (node.equals(root)) {
            return TrustLevel.ANCHOR;
        }
        return members.getOrDefault(node, TrustLevel.UNKNOWN);
    }

    @Override
    public boolean isRevoked(NodeId node) {
        return revoked.contains(node);
    }
}
