package io.hearthnet.services.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.SignedJson;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One signed event in the common envelope every service log uses:
 * {@code schema_version, event_id (ULID), lamport, wall_clock (RFC 3339 UTC), community_id, author,
 * event_type, data, signature}. The signature is the author's Ed25519 signature over the canonical
 * JSON of the envelope without {@code signature}.
 *
 * <p>{@link #fromJson} checks the shape only; {@link #verify()} checks the signature.
 *
 * @param schemaVersion the envelope version, {@value #SCHEMA_VERSION}
 * @param eventId       unique id, which also orders events of equal Lamport time
 * @param lamport       Lamport time, 1 to 2^53 − 1
 * @param wallClock     the author's wall clock, as written (RFC 3339 UTC)
 * @param communityId   the community the event belongs to
 * @param author        the node that signed it
 * @param eventType     dotted lower-case type, e.g. {@code market.post}
 * @param data          the event's payload (never modified; {@link #data()} returns a copy)
 * @param signature     {@code ed25519:<base64url>}
 */
public record Event(int schemaVersion, Ulid eventId, long lamport, String wallClock, String communityId,
                    NodeId author, String eventType, ObjectNode data, String signature) {
    /** The envelope version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    /** Largest canonical JSON size of one event. */
    public static final int MAX_BYTES = 32 * 1024;
    /** Longest community id. */
    public static final int MAX_COMMUNITY_LENGTH = 128;

    private static final Pattern SIGNATURE = Pattern.compile("ed25519:[A-Za-z0-9_-]{86}");
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}(\\.[a-z][a-z0-9_]{0,31}){1,3}");
    /** The wall clocks taken from other nodes: wider than any real clock, narrow enough for millisecond arithmetic. */
    static final Instant EARLIEST_WALL_CLOCK = Instant.EPOCH;
    static final Instant LATEST_WALL_CLOCK = Instant.parse("2200-01-01T00:00:00Z");
    private static final Set<String> FIELDS = Set.of("schema_version", "event_id", "lamport", "wall_clock",
            "community_id", "author", "event_type", "data", "signature");

    /** Checks every component; a problem is {@code bad_request}. */
    public Event {
        if (schemaVersion != SCHEMA_VERSION) {
            throw bad("unsupported event schema_version " + schemaVersion + "; this node reads " + SCHEMA_VERSION);
        }
        Objects.requireNonNull(eventId, "eventId");
        if (lamport < 1 || lamport > LamportClock.MAX) {
            throw bad("event lamport must be between 1 and " + LamportClock.MAX + ", got " + lamport);
        }
        parseWallClock(wallClock);
        if (communityId == null || communityId.isEmpty() || communityId.length() > MAX_COMMUNITY_LENGTH) {
            throw bad("event community_id must be 1 to " + MAX_COMMUNITY_LENGTH + " characters");
        }
        Objects.requireNonNull(author, "author");
        if (eventType == null || !TYPE.matcher(eventType).matches()) {
            throw bad("event_type must be 2 to 4 dotted lower-case segments like 'market.post', got " + eventType);
        }
        data = Objects.requireNonNull(data, "data").deepCopy();
        if (signature == null || !SIGNATURE.matcher(signature).matches()) {
            throw bad("event signature must be ed25519:<86 base64url characters>");
        }
    }

    /** Signs a new event by {@code keys}; its wall clock is {@code wallClock} to the millisecond. */
    public static Event create(NodeKeyPair keys, Ulid eventId, long lamport, Instant wallClock, String communityId,
                               String eventType, ObjectNode data) {
        String wall = wallClock.truncatedTo(ChronoUnit.MILLIS).toString();
        ObjectNode signed = SignedJson.sign(keys, envelope(SCHEMA_VERSION, eventId, lamport, wall, communityId,
                keys.nodeId(), eventType, data));
        Event event = new Event(SCHEMA_VERSION, eventId, lamport, wall, communityId, keys.nodeId(), eventType, data,
                signed.get(SignedJson.FIELD).asText());
        event.checkSize();
        return event;
    }

    /**
     * Reads an envelope; anything that is not exactly the nine fields with their types and limits is
     * {@code bad_request}. The signature is not checked here: call {@link #verify()}.
     */
    public static Event fromJson(JsonNode json) {
        ObjectNode o = Json.requireObject(json, "event");
        for (var it = o.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw bad("event has an unknown field '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'");
            }
        }
        JsonNode version = o.get("schema_version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw bad("event schema_version must be a whole number");
        }
        JsonNode lamport = o.get("lamport");
        if (lamport == null || !lamport.isIntegralNumber() || !lamport.canConvertToLong()) {
            throw bad("event lamport must be a whole number");
        }
        NodeId author;
        try {
            author = NodeId.parse(text(o, "author"));
        } catch (HearthNetException e) {
            throw bad("event author: " + e.getMessage());
        }
        if (!(o.get("data") instanceof ObjectNode data)) {
            throw bad("event data must be an object");
        }
        Event event = new Event(version.intValue(), Ulid.parse(text(o, "event_id")), lamport.longValue(),
                text(o, "wall_clock"), text(o, "community_id"), author, text(o, "event_type"), data, text(o, "signature"));
        event.checkSize();
        return event;
    }

    /**
     * Checks that {@link #author()} signed this event.
     *
     * @throws HearthNetException {@code invalid_signature} when it did not
     */
    public void verify() {
        SignedJson.verify(author, toJson());
    }

    /** The envelope with its signature, as sent and stored. */
    public ObjectNode toJson() {
        ObjectNode o = envelope();
        o.put("signature", signature);
        return o;
    }

    /** The payload (a copy). */
    @Override
    public ObjectNode data() {
        return data.deepCopy();
    }

    /** The author's wall clock as an instant. */
    public Instant wallClockInstant() {
        return parseWallClock(wallClock);
    }

    /** Size of the signed envelope's canonical JSON in bytes. */
    public int canonicalSize() {
        return CanonicalJson.bytes(toJson()).length;
    }

    private ObjectNode envelope() {
        return envelope(schemaVersion, eventId, lamport, wallClock, communityId, author, eventType, data);
    }

    private static ObjectNode envelope(int schemaVersion, Ulid eventId, long lamport, String wallClock, String communityId,
                                       NodeId author, String eventType, ObjectNode data) {
        ObjectNode o = Json.object();
        o.put("schema_version", schemaVersion);
        o.put("event_id", eventId.value());
        o.put("lamport", lamport);
        o.put("wall_clock", wallClock);
        o.put("community_id", communityId);
        o.put("author", author.value());
        o.put("event_type", eventType);
        o.set("data", data.deepCopy());
        return o;
    }

    private void checkSize() {
        int size = canonicalSize();
        if (size > MAX_BYTES) {
            throw bad("an event may be at most " + MAX_BYTES + " bytes of canonical JSON, this one is " + size);
        }
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw bad("event " + field + " must be a string");
        }
        return v.textValue();
    }

    private static Instant parseWallClock(String text) {
        if (text == null || text.length() > 40 || !text.endsWith("Z")) {
            throw bad("event wall_clock must be an RFC 3339 UTC time ending in 'Z'");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw bad("event wall_clock is not an RFC 3339 UTC time: " + text);
        }
    }

    /**
     * Why this event's wall clock is not taken from other nodes (outside 1970 to 2200), or null.
     * Only checked where events come in: events already stored are read whatever their clock.
     */
    public String wallClockProblem() {
        Instant at = wallClockInstant();
        return at.isBefore(EARLIEST_WALL_CLOCK) || !at.isBefore(LATEST_WALL_CLOCK)
                ? "its wall_clock " + wallClock + " is outside " + EARLIEST_WALL_CLOCK + " .. " + LATEST_WALL_CLOCK : null;
    }

    private static HearthNetException bad(String message) {
        return new HearthNetException(ErrorCode.BAD_REQUEST, message);
    }
}
