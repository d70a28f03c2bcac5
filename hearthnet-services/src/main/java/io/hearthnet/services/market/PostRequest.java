package io.hearthnet.services.market;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.support.Inputs;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a post says, as read from a {@code market.post} input or from a {@code market.post} event's
 * data (which also names the poster and always carries the resolved lifetime).
 *
 * @param clientId    the poster's idempotency key
 * @param title       1 to 200 characters
 * @param description up to 4 000 characters
 * @param category    a lower-case slug
 * @param tags        up to 16 distinct lower-case slugs
 * @param ttl         the lifetime, 1 s to 30 days
 */
record PostRequest(String clientId, String title, String description, String category, List<String> tags, Duration ttl) {
    static final Duration DEFAULT_TTL = Duration.ofDays(7);
    static final Duration MAX_TTL = Duration.ofDays(30);
    static final Pattern CLIENT_ID = Pattern.compile(MarketSchemas.CLIENT_ID);
    static final Pattern SLUG = Pattern.compile(MarketSchemas.SLUG);
    private static final Set<String> INPUT_FIELDS = Set.of("client_id", "title", "description", "category", "tags", "ttl_seconds");
    private static final Set<String> EVENT_FIELDS = Set.of("client_id", "posted_by", "title", "description", "category",
            "tags", "ttl_seconds");

    /** Reads a call input; any problem is {@code bad_request}, including a lifetime beyond 30 days. */
    static PostRequest fromInput(ObjectNode input) {
        Inputs.onlyFields(input, INPUT_FIELDS);
        return read(input);
    }

    /** Reads an event's data (the same rules, plus {@code posted_by}, which the caller reads). */
    static PostRequest fromEventData(ObjectNode data) {
        Inputs.onlyFields(data, EVENT_FIELDS);
        if (!data.has("ttl_seconds")) {
            throw Inputs.bad("a post event must carry ttl_seconds");
        }
        return read(data);
    }

    private static PostRequest read(ObjectNode in) {
        String clientId = Inputs.matching(in, "client_id", CLIENT_ID, "1 to 128 letters, digits, '.', '_', ':' or '-'");
        String title = Inputs.text(in, "title", 1, 200);
        String description = Inputs.optionalText(in, "description", 0, 4000).orElse("");
        String category = Inputs.matching(in, "category", SLUG, "a lower-case slug of 1 to 32 characters");
        List<String> tags = Inputs.strings(in, "tags", 16, SLUG, "a lower-case slug of 1 to 32 characters");
        if (Set.copyOf(tags).size() != tags.size()) {
            throw Inputs.bad("'tags' must not repeat a tag");
        }
        long ttl = Inputs.integer(in, "ttl_seconds", 1, Long.MAX_VALUE, DEFAULT_TTL.toSeconds());
        if (ttl > MAX_TTL.toSeconds()) {
            throw Inputs.bad("'ttl_seconds' may be at most " + MAX_TTL.toSeconds() + " (30 days), got " + ttl);
        }
        return new PostRequest(clientId, title, description, category, List.copyOf(tags), Duration.ofSeconds(ttl));
    }

    /** The event data for this post by {@code postedBy}. */
    ObjectNode toEventData(String postedBy) {
        ObjectNode o = Json.object();
        o.put("client_id", clientId);
        o.put("posted_by", postedBy);
        o.put("title", title);
        o.put("description", description);
        o.put("category", category);
        ArrayNode t = o.putArray("tags");
        tags.forEach(t::add);
        o.put("ttl_seconds", ttl.toSeconds());
        return o;
    }
}
