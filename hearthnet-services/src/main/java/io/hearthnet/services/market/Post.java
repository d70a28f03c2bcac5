package io.hearthnet.services.market;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.Ulid;
import io.hearthnet.services.support.Inputs;
import java.time.Instant;
import java.util.List;

/**
 * A post as listed: its event's id, Lamport time and author (the node that accepted it), who posted
 * it, what it says, and when it expires (its author's wall clock plus its lifetime).
 */
record Post(Ulid postId, long lamport, NodeId author, NodeId postedBy, String clientId, String title, String description,
            String category, List<String> tags, Instant createdAt, Instant expiresAt) {

    /** The post a {@code market.post} event makes; malformed data is {@code bad_request}. */
    static Post fromEvent(Event e) {
        ObjectNode data = e.data();
        NodeId postedBy = Inputs.nodeId(data, "posted_by");
        PostRequest r = PostRequest.fromEventData(data);
        Instant created = e.wallClockInstant();
        try {
            created.plus(r.ttl()).toEpochMilli();
        } catch (ArithmeticException overflow) {
            // A clock stored before intake refused such clocks: the post cannot be kept in milliseconds.
            throw new io.hearthnet.api.HearthNetException(io.hearthnet.api.ErrorCode.BAD_REQUEST, "post " + e.eventId()
                    + " has a wall_clock beyond what milliseconds can hold: " + e.wallClock());
        }
        return new Post(e.eventId(), e.lamport(), e.author(), postedBy, r.clientId(), r.title(), r.description(),
                r.category(), r.tags(), created, created.plus(r.ttl()));
    }

    /** The listing's JSON form. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("post_id", postId.value());
        o.put("lamport", lamport);
        o.put("author", author.value());
        o.put("posted_by", postedBy.value());
        o.put("client_id", clientId);
        o.put("title", title);
        o.put("description", description);
        o.put("category", category);
        ArrayNode t = o.putArray("tags");
        tags.forEach(t::add);
        o.put("created_at", createdAt.toString());
        o.put("expires_at", expiresAt.toString());
        return o;
    }
}
