package io.hearthnet.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the hub reads of an envelope a member sends: a JSON object with {@code id}, {@code from},
 * {@code to} and {@code kind}. Everything else (the signed call inside, a reply, a frame) is the
 * members' business; the hub stores and delivers {@link #bytes()} exactly as they arrived.
 *
 * @param id    the sender's id for it, unique per sender ({@code [A-Za-z0-9._:-]{1,128}})
 * @param from  the sending node
 * @param to    the addressee
 * @param kind  what it carries ({@code [a-z_]{1,32}})
 * @param bytes the envelope as sent
 *
 * <p>A send request carries one envelope, or a batch {@code {"envelopes": [ ... ]}} of up to
 * {@link #MAX_BATCH}; each element is kept byte for byte.
 */
record RelayEnvelope(String id, NodeId from, NodeId to, String kind, byte[] bytes) {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final Pattern KIND = Pattern.compile("[a-z_]{1,32}");
    static final int MAX_BATCH = 256;
    static final String BATCH_FIELD = "envelopes";

    RelayEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Reads the routing fields of {@code bytes}; anything malformed is {@code bad_request} saying what. */
    static RelayEnvelope parse(byte[] bytes) {
        ObjectNode o = Json.requireObject(Json.parse(bytes), "envelope");
        String id = text(o, "id");
        if (!ID.matcher(id).matches()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope id must match " + ID.pattern());
        }
        String kind = text(o, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope kind must match " + KIND.pattern());
        }
        return new RelayEnvelope(id, NodeId.parse(text(o, "from")), NodeId.parse(text(o, "to")), kind, bytes);
    }

    /**
     * Reads a send request's body: one envelope, or a batch (an object with an
     * {@code "envelopes"} array). Each envelope keeps the exact bytes it had in the body.
     */
    static List<RelayEnvelope> parseAll(byte[] body) {
        List<int[]> slices = batchSlices(body);
        if (slices == null) {
            return List.of(parse(body));
        }
        if (slices.isEmpty() || slices.size() > MAX_BATCH) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "a batch holds 1 to " + MAX_BATCH + " envelopes, got " + slices.size());
        }
        List<RelayEnvelope> out = new ArrayList<>(slices.size());
        for (int[] slice : slices) {
            out.add(parse(Arrays.copyOfRange(body, slice[0], slice[1])));
        }
        return out;
    }

    /** The byte ranges of the batch's elements, or null when {@code body} is no batch. */
    private static List<int[]> batchSlices(byte[] body) {
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<int[]> slices = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!BATCH_FIELD.equals(field)) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new HearthNetException(ErrorCode.BAD_REQUEST, "'" + BATCH_FIELD + "' must be an array of envelopes");
                }
                slices = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e != JsonToken.START_OBJECT) {
                        throw new HearthNetException(ErrorCode.BAD_REQUEST, "every element of '" + BATCH_FIELD + "' must be an envelope object");
                    }
                    if (slices.size() == MAX_BATCH) {
                        throw new HearthNetException(ErrorCode.BAD_REQUEST, "a batch holds at most " + MAX_BATCH + " envelopes");
                    }
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    slices.add(new int[] {start, (int) p.currentLocation().getByteOffset()});
                }
            }
            return slices;
        } catch (JsonProcessingException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "unreadable send body: " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "envelope field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
