package io.hearthnet.services.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.bus.HearthNode;

/** Short forms of calling capabilities from a node in tests. */
public final class Calls {
    private Calls() {}

    /** Parses JSON text (single quotes allowed for readability) into an object. */
    public static ObjectNode json(String text) {
        return Json.parseObject(text.replace('\'', '"'));
    }

    /** Calls {@code capability@1.0} on {@code from}'s bus, routed as the bus likes (local first). */
    public static ObjectNode call(HearthNode from, String capability, ObjectNode input) {
        return from.caller().call(capability, Version.of(1, 0), input, CallOptions.defaults());
    }

    /** Calls {@code capability@1.0} served by {@code target}, from {@code from}. */
    public static ObjectNode callOn(HearthNode from, NodeId target, String capability, ObjectNode input) {
        return from.caller().call(capability, Version.of(1, 0), input, CallOptions.builder().targetNode(target).build());
    }

    /** Asserts the call fails with {@code bad_request} or {@code schema_mismatch}; returns the error. */
    public static HearthNetException rejectsInput(Runnable call) {
        try {
            call.run();
        } catch (HearthNetException e) {
            assertThat(e.code()).as("code of: %s", e.getMessage()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.SCHEMA_MISMATCH);
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}
