package io.hearthnet.api.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Token fixtures: Alice lets Bob call chat capabilities at Carol's node; and a forge for any header and payload. */
final class Tokens {
    static final String HEADER = "{\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":1}";
    static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z, ManualClock's default

    private Tokens() {}

    static CapabilityToken.Builder aliceToBob() {
        return CapabilityToken.builder(TestKeys.ALICE, TestKeys.BOB.nodeId()).audience(TestKeys.CAROL.nodeId())
                .scope(TokenScope.of("chat.send@1.0")).tokenId("jti-1");
    }

    static CapabilityToken issue() {
        return aliceToBob().issue(new ManualClock());
    }

    /** The claims of a valid token, as a mutable object to doctor. */
    static ObjectNode payload() {
        return Json.parseObject("{\"iss\":\"" + TestKeys.ALICE.nodeId().value() + "\",\"sub\":\""
                + TestKeys.BOB.nodeId().value() + "\",\"aud\":\"home\",\"iat\":" + NOW + ",\"nbf\":" + NOW
                + ",\"exp\":" + (NOW + 60) + ",\"jti\":\"j\",\"scope\":{\"capabilities\":[\"chat.send\"]}}");
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code hntoken://v1/<header>.<payload>.<signature by signer>} from parts already base64url. */
    static String forgeEncoded(String header, String payload, NodeKeyPair signer) {
        String signed = header + "." + payload;
        return CapabilityToken.PREFIX + signed + "." + b64(signer.sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A token of any header and payload text, signed by Alice. */
    static String forge(String header, String payload) {
        return forgeEncoded(b64(header), b64(payload), TestKeys.ALICE);
    }

    /** A token of the valid header and this payload, signed by Alice. */
    static String forge(ObjectNode payload) {
        return forge(HEADER, Json.write(payload));
    }

    /** The three parts after the prefix. */
    static List<String> parts(String encoded) {
        return List.of(encoded.substring(CapabilityToken.PREFIX.length()).split("\\.", -1));
    }

    /** Everything a token claims, for comparing two tokens' meaning. */
    static List<Object> claims(CapabilityToken t) {
        return List.of(t.issuer(), t.subject(), t.audience(), t.issuedAt(), t.notBefore(), t.expiresAt(), t.tokenId(), t.scope());
    }
}
