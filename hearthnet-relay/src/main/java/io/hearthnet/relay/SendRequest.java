package io.hearthnet.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of {@code POST /relay/v1/send}: one envelope, or a batch
 * {@code {"envelopes": [ ... ], "all_or_none": bool}} of up to {@link #MAX_BATCH}. Each envelope
 * keeps the exact bytes it had in the body.
 *
 * @param envelopes  what to queue, in order
 * @param batch      whether the body was a batch (it is answered with one result per envelope)
 * @param allOrNone  whether one refused envelope refuses the whole batch (the default); when false,
 *                   each envelope is queued or refused on its own
 */
record SendRequest(List<RelayEnvelope> envelopes, boolean batch, boolean allOrNone) {
    static final int MAX_BATCH = 256;
    static final String BATCH_FIELD = "envelopes";
    static final String ALL_OR_NONE_FIELD = "all_or_none";

    SendRequest {
        envelopes = List.copyOf(envelopes);
    }

    /** Reads a send body; anything malformed is {@code bad_request} saying what. */
    static SendRequest parse(byte[] body) {
        Batch batch = scan(body);
        if (batch == null) {
            return new SendRequest(List.of(RelayEnvelope.parse(body)), false, true);
        }
        if (batch.slices.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "a batch holds 1 to " + MAX_BATCH + " envelopes, got 0");
        }
        List<RelayEnvelope> out = new ArrayList<>(batch.slices.size());
        for (int[] slice : batch.slices) {
            out.add(RelayEnvelope.parse(Arrays.copyOfRange(body, slice[0], slice[1])));
        }
        return new SendRequest(out, true, batch.allOrNone);
    }

    private static final class Batch {
        List<int[]> slices;
        boolean allOrNone = true;
    }

    /** The byte ranges of the batch's elements and its mode, or null when {@code body} is no batch. */
    private static Batch scan(byte[] body) {
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Batch batch = new Batch();
            boolean sawMode = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (ALL_OR_NONE_FIELD.equals(field)) {
                    if (!value.isBoolean()) {
                        throw new HearthNetException(ErrorCode.BAD_REQUEST, "'" + ALL_OR_NONE_FIELD + "' must be true or false");
                    }
                    batch.allOrNone = value == JsonToken.VALUE_TRUE;
                    sawMode = true;
                } else if (BATCH_FIELD.equals(field)) {
                    batch.slices = slices(p, value);
                } else {
                    p.skipChildren();
                }
            }
            if (batch.slices == null) {
                if (sawMode) {
                    throw new HearthNetException(ErrorCode.BAD_REQUEST, "'" + ALL_OR_NONE_FIELD + "' belongs to a batch with '"
                            + BATCH_FIELD + "'");
                }
                return null;
            }
            return batch;
        } catch (JsonProcessingException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "unreadable send body: " + e.getMessage(), e);
        }
    }

    private static List<int[]> slices(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "'" + BATCH_FIELD + "' must be an array of envelopes");
        }
        List<int[]> slices = new ArrayList<>();
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
        return slices;
    }
}
