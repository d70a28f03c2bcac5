package io.hearthnet.api.identity;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.JsonArbitraries;
import io.hearthnet.api.testing.TestKeys;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SignedJsonTest {
    private static final NodeKeyPair ALICE = TestKeys.ALICE;
    private static final ObjectNode DOC = Json.parseObject("{\"b\":[1,2,{\"z\":true,\"a\":null}],\"a\":\"x\",\"n\":1.0}");

    @Test
    void signAddsASignatureOverTheCanonicalJsonWithoutIt() {
        ObjectNode signed = SignedJson.sign(ALICE, DOC);
        assertThat(signed.get(SignedJson.FIELD).asText()).startsWith("ed25519:")
                .isEqualTo(ALICE.signToString(CanonicalJson.bytes(DOC)));
        ObjectNode withoutSignature = signed.deepCopy();
        withoutSignature.remove("signature");
        assertThat(withoutSignature).isEqualTo(DOC);
        assertThat(DOC.has("signature")).as("the input is not changed").isFalse();
        assertThatCode(() -> SignedJson.verify(ALICE.nodeId(), signed)).doesNotThrowAnyException();
    }

    @Test
    void signReplacesAnEarlierSignature() {
        ObjectNode once = SignedJson.sign(TestKeys.BOB, DOC);
        ObjectNode twice = SignedJson.sign(ALICE, once);
        assertThat(twice).isEqualTo(SignedJson.sign(ALICE, DOC));
        SignedJson.verify(ALICE.nodeId(), twice);
        fails(ErrorCode.INVALID_SIGNATURE, "signature does not match", () -> SignedJson.verify(TestKeys.BOB.nodeId(), twice));
    }

    @Test
    void keyOrderAndNumberFormDoNotMatter() {
        ObjectNode signed = SignedJson.sign(ALICE, DOC);
        ObjectNode reordered = Json.parseObject("{\"signature\":\"" + signed.get("signature").asText()
                + "\",\"n\":1,\"a\":\"x\",\"b\":[1,2,{\"a\":null,\"z\":true}]}");
        assertThatCode(() -> SignedJson.verify(ALICE.nodeId(), reordered)).doesNotThrowAnyException();
    }

    @Test
    void tamperingIsDetected() {
        ObjectNode signed = SignedJson.sign(ALICE, DOC);
        ObjectNode changed = signed.deepCopy();
        changed.put("a", "y");
        fails(ErrorCode.INVALID_SIGNATURE, "signature does not match the message for signer " + ALICE.nodeId().value(),
                () -> SignedJson.verify(ALICE.nodeId(), changed));
        ObjectNode nested = signed.deepCopy();
        ((ObjectNode) nested.get("b").get(2)).put("z", false);
        fails(ErrorCode.INVALID_SIGNATURE, "does not match", () -> SignedJson.verify(ALICE.nodeId(), nested));
        ObjectNode added = signed.deepCopy();
        added.put("extra", 0);
        fails(ErrorCode.INVALID_SIGNATURE, "does not match", () -> SignedJson.verify(ALICE.nodeId(), added));
        fails(ErrorCode.INVALID_SIGNATURE, "does not match", () -> SignedJson.verify(TestKeys.BOB.nodeId(), signed));
    }

    @Test
    void aMissingOrMalformedSignatureIsInvalid() {
        fails(ErrorCode.INVALID_SIGNATURE, "the object has no signature field", () -> SignedJson.verify(ALICE.nodeId(), DOC));
        ObjectNode number = DOC.deepCopy().put("signature", 5);
        fails(ErrorCode.INVALID_SIGNATURE, "the object has no signature field", () -> SignedJson.verify(ALICE.nodeId(), number));
        ObjectNode nul = DOC.deepCopy().putNull("signature");
        fails(ErrorCode.INVALID_SIGNATURE, "the object has no signature field", () -> SignedJson.verify(ALICE.nodeId(), nul));
        ObjectNode junk = DOC.deepCopy().put("signature", "ed25519:AAAA");
        fails(ErrorCode.INVALID_SIGNATURE, "decodes to 3 bytes", () -> SignedJson.verify(ALICE.nodeId(), junk));
    }

    @Test
    void verifyDoesNotChangeItsInput() {
        ObjectNode signed = SignedJson.sign(ALICE, DOC);
        ObjectNode copy = signed.deepCopy();
        SignedJson.verify(ALICE.nodeId(), signed);
        assertThat(signed).isEqualTo(copy);
    }

    @Provide
    Arbitrary<ObjectNode> documents() {
        return JsonArbitraries.objects(3);
    }

    @Property(tries = 200)
    void anyDocumentRoundTripsThroughText(@ForAll("documents") ObjectNode doc) {
        ObjectNode signed = SignedJson.sign(ALICE, doc);
        SignedJson.verify(ALICE.nodeId(), Json.parseObject(Json.write(signed)));
    }

    @Property(tries = 200)
    void anyOtherDocumentDoesNotVerify(@ForAll("documents") ObjectNode doc, @ForAll("documents") ObjectNode other) {
        doc.remove("signature");
        other.remove("signature");
        ObjectNode forged = SignedJson.sign(ALICE, doc).deepCopy();
        ObjectNode swapped = other.deepCopy();
        swapped.set("signature", forged.get("signature"));
        if (other.equals(doc)) {
            SignedJson.verify(ALICE.nodeId(), swapped);
        } else {
            fails(ErrorCode.INVALID_SIGNATURE, "does not match", () -> SignedJson.verify(ALICE.nodeId(), swapped));
        }
    }
}
