package io.hearthnet.api.token;

import static io.hearthnet.api.testing.Expect.fails;
import static io.hearthnet.api.testing.Expect.resultOrHearthNetFailure;
import static io.hearthnet.api.token.Tokens.NOW;
import static io.hearthnet.api.token.Tokens.aliceToBob;
import static io.hearthnet.api.token.Tokens.b64;
import static io.hearthnet.api.token.Tokens.claims;
import static io.hearthnet.api.token.Tokens.forge;
import static io.hearthnet.api.token.Tokens.forgeEncoded;
import static io.hearthnet.api.token.Tokens.parts;
import static io.hearthnet.api.token.Tokens.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.testing.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilityTokenTest {
    private static final NodeId BOB = TestKeys.BOB.nodeId();
    private static final NodeId CAROL = TestKeys.CAROL.nodeId();
    private static final String VALID = Tokens.issue().encoded();

    private final ManualClock clock = new ManualClock();

    private static CapabilityToken authorize(CapabilityToken t, ManualClock clock, NodeId caller, NodeId provider,
                                             String community, String capability, String version, ObjectNode params) {
        return t.authorize(clock, caller, provider, community, capability, Version.parse(version), params);
    }

    // ---- encoding ----------------------------------------------------------------------------

    @Test
    void encodingHasThePrefixAndThreeParts() {
        CapabilityToken t = aliceToBob().issue(clock);
        assertThat(t.encoded()).startsWith("hntoken://v1/").startsWith(CapabilityToken.PREFIX)
                .matches("hntoken://v1/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
        List<String> parts = parts(t.encoded());
        assertThat(parts).hasSize(3);
        Base64.Decoder d = Base64.getUrlDecoder();
        assertThat(new String(d.decode(parts.get(0)), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":1}");
        ObjectNode payload = Json.parseObject(d.decode(parts.get(1)));
        assertThat(new String(d.decode(parts.get(1)), StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.write(payload));
        assertThat(Json.write(payload)).isEqualTo("{\"aud\":\"" + CAROL.value() + "\",\"exp\":" + (NOW + 3600)
                + ",\"iat\":" + NOW + ",\"iss\":\"" + TestKeys.ALICE.nodeId().value() + "\",\"jti\":\"jti-1\",\"nbf\":" + NOW
                + ",\"scope\":{\"capabilities\":[\"chat.send@1.0\"],\"params_constraints\":{},\"rate_limit_per_minute\":0},"
                + "\"sub\":\"" + BOB.value() + "\"}");
        byte[] signed = (parts.get(0) + "." + parts.get(1)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Signatures.verify(TestKeys.ALICE.nodeId(), signed, d.decode(parts.get(2)))).isTrue();
    }

    @Test
    void decodeRoundTrips() {
        CapabilityToken t = aliceToBob().issue(clock);
        CapabilityToken back = CapabilityToken.decode(t.encoded());
        assertThat(back).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(back.encoded()).isEqualTo(t.encoded());
        assertThat(claims(back)).isEqualTo(claims(t));
        assertThat(back.verify(clock)).isSameAs(back);
        assertThat(back.toString()).contains("jti-1", TestKeys.ALICE.nodeId().shortForm(), BOB.shortForm());
    }

    @Test
    void claimsAndDefaults() {
        clock.set(Instant.ofEpochSecond(NOW, 900_000_000));
        CapabilityToken t = CapabilityToken.builder(TestKeys.ALICE, BOB).audienceCommunity("home")
                .scope(TokenScope.of("chat.*")).issue(clock);
        assertThat(t.issuer()).isEqualTo(TestKeys.ALICE.nodeId());
        assertThat(t.subject()).isEqualTo(BOB);
        assertThat(t.audience()).isEqualTo("home");
        assertThat(t.issuedAt()).isEqualTo(Instant.ofEpochSecond(NOW));
        assertThat(t.notBefore()).isEqualTo(t.issuedAt());
        assertThat(t.expiresAt()).isEqualTo(t.notBefore().plus(Duration.ofHours(1)));
        assertThat(UUID.fromString(t.tokenId()).toString()).isEqualTo(t.tokenId());
        assertThat(t.scope()).isEqualTo(TokenScope.of("chat.*"));
        assertThat(CapabilityToken.builder(TestKeys.ALICE, BOB).audienceCommunity("home").scope(TokenScope.of("chat.*"))
                .issue(clock).tokenId()).as("fresh id per token").isNotEqualTo(t.tokenId());
    }

    @Test
    void notBeforeAndLifetimeAreWholeSeconds() {
        Instant later = Instant.ofEpochSecond(NOW + 100, 700_000_000);
        CapabilityToken t = aliceToBob().notBefore(later).lifetime(Duration.ofMinutes(5)).issue(clock);
        assertThat(t.notBefore()).isEqualTo(Instant.ofEpochSecond(NOW + 100));
        assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW + 400));
        CapabilityToken brief = aliceToBob().lifetime(Duration.ofMillis(10)).issue(clock);
        assertThat(brief.expiresAt()).as("at least one second").isEqualTo(brief.notBefore().plusSeconds(1));
    }

    @Test
    void builderValidation() {
        fails(ErrorCode.BAD_REQUEST, "a token needs an audience and a scope",
                () -> CapabilityToken.builder(TestKeys.ALICE, BOB).scope(TokenScope.of("chat.send")).issue(clock));
        fails(ErrorCode.BAD_REQUEST, "a token needs an audience and a scope",
                () -> CapabilityToken.builder(TestKeys.ALICE, BOB).audience(CAROL).issue(clock));
        fails(ErrorCode.BAD_REQUEST, "token lifetime must be positive", () -> aliceToBob().lifetime(Duration.ZERO));
        fails(ErrorCode.BAD_REQUEST, "token lifetime must be positive", () -> aliceToBob().lifetime(Duration.ofSeconds(-1)));
        fails(ErrorCode.BAD_REQUEST, "token lifetime must be positive", () -> aliceToBob().lifetime(null));
        fails(ErrorCode.BAD_REQUEST, "whole seconds", () -> aliceToBob().lifetime(Duration.ofSeconds(Long.MAX_VALUE)).issue(clock));
        fails(ErrorCode.BAD_REQUEST, "whole seconds", () -> aliceToBob().notBefore(Instant.parse("1969-12-31T23:59:59Z")).issue(clock));
    }

    // ---- verify ------------------------------------------------------------------------------

    @Test
    void aSignatureOfAnotherKeyIsInvalid() {
        List<String> p = parts(VALID);
        String byBob = forgeEncoded(p.get(0), p.get(1), TestKeys.BOB);
        CapabilityToken t = CapabilityToken.decode(byBob);
        assertThat(t.issuer()).isEqualTo(TestKeys.ALICE.nodeId());
        fails(ErrorCode.INVALID_SIGNATURE, "capability token jti-1 has a bad signature", () -> t.verify(clock));
        fails(ErrorCode.INVALID_SIGNATURE, "bad signature",
                () -> authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.0", Json.object()));
    }

    @Test
    void changedClaimsBreakTheSignature() {
        List<String> p = parts(VALID);
        ObjectNode claims = Json.parseObject(Base64.getUrlDecoder().decode(p.get(1)));
        claims.put("exp", NOW + 86_400);
        String extended = CapabilityToken.PREFIX + p.get(0) + "." + b64(CanonicalJson.bytes(claims)) + "." + p.get(2);
        fails(ErrorCode.INVALID_SIGNATURE, "bad signature", () -> CapabilityToken.decode(extended).verify(clock));
    }

    @Test
    void expiresFiveSecondsAfterExpLeeway() {
        CapabilityToken t = aliceToBob().lifetime(Duration.ofMinutes(1)).issue(clock);
        clock.set(t.expiresAt().plus(CapabilityToken.LEEWAY).minusMillis(1));
        assertThat(t.verify(clock)).isSameAs(t);
        clock.advance(Duration.ofMillis(1));
        fails(ErrorCode.EXPIRED, "capability token jti-1 expired at " + t.expiresAt(), () -> t.verify(clock));
        clock.advance(Duration.ofDays(1));
        fails(ErrorCode.EXPIRED, "expired", () -> t.verify(clock));
        assertThat(CapabilityToken.LEEWAY).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void notValidBeforeNbfLessLeeway() {
        CapabilityToken t = aliceToBob().notBefore(Instant.ofEpochSecond(NOW + 60)).issue(clock);
        fails(ErrorCode.UNAUTHORIZED, "capability token jti-1 is not valid before " + t.notBefore(), () -> t.verify(clock));
        clock.set(t.notBefore().minus(CapabilityToken.LEEWAY).minusMillis(1));
        fails(ErrorCode.UNAUTHORIZED, "not valid before", () -> t.verify(clock));
        clock.advance(Duration.ofMillis(1));
        assertThat(t.verify(clock)).isSameAs(t);
    }

    // ---- authorize ---------------------------------------------------------------------------

    @Test
    void authorizesTheSubjectAtTheAudienceWithinScope() {
        CapabilityToken t = aliceToBob().issue(clock);
        assertThat(authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.0", Json.object())).isSameAs(t);
        assertThat(authorize(t, clock, BOB, CAROL, null, "chat.send", "1.3", Json.object().put("any", 1))).isSameAs(t);
    }

    @Test
    void anotherCallerIsUnauthorized() {
        CapabilityToken t = aliceToBob().issue(clock);
        fails(ErrorCode.UNAUTHORIZED, "was issued to " + BOB.shortForm() + ", not to the caller " + CAROL.shortForm(),
                () -> authorize(t, clock, CAROL, CAROL, "home", "chat.send", "1.0", Json.object()));
    }

    @Test
    void anotherAudienceIsUnauthorized() {
        CapabilityToken t = aliceToBob().issue(clock);
        fails(ErrorCode.UNAUTHORIZED, "is for audience '" + CAROL.value() + "', not this node or community",
                () -> authorize(t, clock, BOB, TestKeys.ALICE.nodeId(), "home", "chat.send", "1.0", Json.object()));
        fails(ErrorCode.UNAUTHORIZED, "audience",
                () -> authorize(t, clock, BOB, TestKeys.ALICE.nodeId(), CAROL.value().substring(1), "chat.send", "1.0", Json.object()));
    }

    @Test
    void aCommunityAudienceWorksAtEveryNodeOfTheCommunity() {
        CapabilityToken t = CapabilityToken.builder(TestKeys.ALICE, BOB).audienceCommunity("home")
                .scope(TokenScope.of("chat.*")).issue(clock);
        assertThat(authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.0", Json.object())).isSameAs(t);
        assertThat(authorize(t, clock, BOB, TestKeys.ALICE.nodeId(), "home", "chat.history", "3.1", Json.object())).isSameAs(t);
        fails(ErrorCode.UNAUTHORIZED, "is for audience 'home'",
                () -> authorize(t, clock, BOB, CAROL, "work", "chat.send", "1.0", Json.object()));
        fails(ErrorCode.UNAUTHORIZED, "audience", () -> authorize(t, clock, BOB, CAROL, null, "chat.send", "1.0", Json.object()));
    }

    @Test
    void aScopeThatDoesNotCoverIsUnauthorized() {
        CapabilityToken t = aliceToBob().scope(new TokenScope(List.of("chat.send@1.2"),
                Json.object().put("room", "kitchen"), 0)).issue(clock);
        assertThat(authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.2", Json.object().put("room", "kitchen"))).isSameAs(t);
        fails(ErrorCode.UNAUTHORIZED, "capability token jti-1 does not cover chat.send@1.1 with params {}",
                () -> authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.1", Json.object()));
        fails(ErrorCode.UNAUTHORIZED, "does not cover chat.send@2.0",
                () -> authorize(t, clock, BOB, CAROL, "home", "chat.send", "2.0", Json.object()));
        fails(ErrorCode.UNAUTHORIZED, "does not cover chat.history@1.2",
                () -> authorize(t, clock, BOB, CAROL, "home", "chat.history", "1.2", Json.object()));
        fails(ErrorCode.UNAUTHORIZED, "does not cover chat.send@1.2 with params {\"room\":\"hall\"}",
                () -> authorize(t, clock, BOB, CAROL, "home", "chat.send", "1.2", Json.object().put("room", "hall")));
    }

    @Test
    void authorizeChecksTheWindowFirst() {
        CapabilityToken t = aliceToBob().issue(clock);
        clock.advance(Duration.ofHours(2));
        fails(ErrorCode.EXPIRED, "expired", () -> authorize(t, clock, CAROL, BOB, "x", "llm.chat", "9.9", Json.object()));
    }

    // ---- malformed ---------------------------------------------------------------------------

    private static Arguments bad(String what, String token, String message) {
        return Arguments.of(what, token, message);
    }

    private static Arguments badClaims(String what, Consumer<ObjectNode> edit, String message) {
        ObjectNode p = payload();
        edit.accept(p);
        return bad(what, forge(p), message);
    }

    static Stream<Arguments> malformed() {
        List<String> p = parts(VALID);
        String h = p.get(0);
        String c = p.get(1);
        String s = p.get(2);
        String pre = CapabilityToken.PREFIX;
        String wrongHeader = "token header must be {\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":1}, got ";
        return Stream.of(
                bad("null", null, "a capability token starts with 'hntoken://v1/'"),
                bad("empty", "", "starts with 'hntoken://v1/'"),
                bad("other version", VALID.replace("/v1/", "/v2/"), "starts with 'hntoken://v1/'"),
                bad("upper-case prefix", VALID.replace("hntoken:", "HNTOKEN:"), "starts with 'hntoken://v1/'"),
                bad("no prefix", VALID.substring(pre.length()), "starts with 'hntoken://v1/'"),
                bad("nothing after prefix", pre, "three dot-separated parts (header.payload.signature), got 1"),
                bad("one part", pre + h, "got 1"),
                bad("two parts", pre + h + "." + c, "got 2"),
                bad("four parts", VALID + "." + s, "got 4"),
                bad("truncated in the payload", VALID.substring(0, pre.length() + h.length() + 20), "got 2"),
                bad("truncated signature", VALID.substring(0, VALID.length() - 10), "token signature must be 64 bytes, got 57"),
                bad("empty header", pre + "." + c + "." + s, "token header is empty"),
                bad("empty payload", pre + h + ".." + s, "token payload is empty"),
                bad("empty signature", pre + h + "." + c + ".", "token signature is empty"),
                bad("standard base64 header", pre + "+" + h.substring(1) + "." + c + "." + s, "token header is not base64url"),
                bad("junk in payload", pre + h + "." + c.substring(0, 10) + "*" + c.substring(11) + "." + s,
                        "token payload is not base64url"),
                bad("impossible signature length", pre + h + "." + c + "." + s + "AAA", "token signature is not base64url"),
                bad("header not JSON", forge("not json", Json.write(payload())), "token header is not JSON"),
                bad("payload not JSON", forge(Tokens.HEADER, "{\"iss\":"), "token payload is not JSON"),
                bad("header an array", forge("[1]", Json.write(payload())), "token header must be a JSON object, got array"),
                bad("payload a string", forge(Tokens.HEADER, "\"claims\""), "token payload must be a JSON object, got string"),
                bad("alg none", forge("{\"alg\":\"none\",\"typ\":\"hntoken\",\"v\":1}", Json.write(payload())), wrongHeader),
                bad("typ JWT", forge("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"v\":1}", Json.write(payload())), wrongHeader),
                bad("v 2", forge("{\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":2}", Json.write(payload())), wrongHeader),
                bad("v a string", forge("{\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":\"1\"}", Json.write(payload())), wrongHeader),
                bad("v a fraction", forge("{\"alg\":\"EdDSA\",\"typ\":\"hntoken\",\"v\":1.5}", Json.write(payload())), wrongHeader),
                bad("v missing", forge("{\"alg\":\"EdDSA\",\"typ\":\"hntoken\"}", Json.write(payload())), wrongHeader),
                bad("extra header field", forge("{\"alg\":\"EdDSA\",\"kid\":\"k\",\"typ\":\"hntoken\",\"v\":1}",
                        Json.write(payload())), wrongHeader),
                badClaims("iss missing", o -> o.remove("iss"), "token payload field 'iss' must be a string"),
                badClaims("sub missing", o -> o.remove("sub"), "token payload field 'sub' must be a string"),
                badClaims("aud missing", o -> o.remove("aud"), "token payload field 'aud' must be a string"),
                badClaims("jti missing", o -> o.remove("jti"), "token payload field 'jti' must be a string"),
                badClaims("iat missing", o -> o.remove("iat"), "token payload field 'iat' must be whole seconds since the epoch"),
                badClaims("nbf missing", o -> o.remove("nbf"), "token payload field 'nbf' must be whole seconds"),
                badClaims("exp missing", o -> o.remove("exp"), "token payload field 'exp' must be whole seconds"),
                badClaims("scope missing", o -> o.remove("scope"), "token scope must be a JSON object, got nothing"),
                badClaims("iss not a node id", o -> o.put("iss", "alice"), "node id must start with \"ed25519:\""),
                badClaims("sub a number", o -> o.put("sub", 7), "token payload field 'sub' must be a string"),
                badClaims("iat a fraction", o -> o.put("iat", NOW + 0.5), "field 'iat' must be whole seconds"),
                badClaims("nbf a string", o -> o.put("nbf", String.valueOf(NOW)), "field 'nbf' must be whole seconds"),
                badClaims("exp negative", o -> o.put("exp", -1), "field 'exp' must be whole seconds"),
                badClaims("exp a boolean", o -> o.put("exp", true), "field 'exp' must be whole seconds"),
                badClaims("exp beyond long", o -> o.put("exp", new BigInteger("99999999999999999999")),
                        "field 'exp' must be whole seconds"),
                badClaims("exp beyond Instant", o -> o.put("exp", Long.MAX_VALUE), "field 'exp' must be whole seconds"),
                badClaims("exp past year 9999", o -> o.put("exp", 253_402_300_800L), "field 'exp' must be whole seconds"),
                badClaims("exp as float", o -> o.put("exp", 1.0e10), "field 'exp' must be whole seconds"),
                badClaims("exp before nbf", o -> o.put("exp", NOW - 1), "token exp must be after nbf"),
                badClaims("exp at nbf", o -> o.put("exp", NOW), "token exp must be after nbf"),
                badClaims("scope without capabilities", o -> o.putObject("scope"), "token scope.capabilities must be an array"),
                badClaims("scope capabilities hold numbers", o -> o.putObject("scope").putArray("capabilities").add(1),
                        "token scope.capabilities must hold strings"),
                badClaims("scope capabilities empty", o -> o.putObject("scope").putArray("capabilities"),
                        "a token scope needs at least one capability pattern"),
                bad("63-byte signature", pre + h + "." + c + "." + b64(new byte[63]), "token signature must be 64 bytes, got 63"),
                bad("65-byte signature", pre + h + "." + c + "." + b64(new byte[65]), "token signature must be 64 bytes, got 65"),
                bad("longer than 8 KiB", pre + h + "." + "A".repeat(8192) + "." + s, "capability token is longer than 8192 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTokensAreBadRequests(String what, String token, String message) {
        fails(ErrorCode.BAD_REQUEST, message, () -> CapabilityToken.decode(token));
    }

    @Test
    void theLengthLimitIsExactly8KiB() {
        CapabilityToken under = null;
        CapabilityToken over = null;
        for (int n = 5_000; over == null; n++) {
            CapabilityToken t = aliceToBob().tokenId("j".repeat(n)).issue(clock);
            if (t.encoded().length() <= CapabilityToken.MAX_ENCODED_LENGTH) {
                under = t;
            } else {
                over = t;
            }
        }
        assertThat(under.encoded().length()).isBetween(8190, 8192);
        assertThat(CapabilityToken.decode(under.encoded()).verify(clock)).isEqualTo(under);
        String tooLong = over.encoded();
        fails(ErrorCode.BAD_REQUEST, "longer than 8192", () -> CapabilityToken.decode(tooLong));
    }

    @Test
    void aForgedValidTokenDecodes() {
        CapabilityToken t = CapabilityToken.decode(forge(payload())).verify(clock);
        assertThat(t.audience()).isEqualTo("home");
        assertThat(t.scope()).isEqualTo(TokenScope.of("chat.send"));
    }

    // ---- single-character mutations ----------------------------------------------------------

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, VALID.length() - 1);
        Arbitrary<Character> replacement = Arbitraries.oneOf(
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()),
                Arbitraries.chars().with('.', '=', '+', '/', ' ', '%', '\u00e9', '\n', '@'));
        return Combinators.combine(index, replacement)
                .as((i, ch) -> VALID.substring(0, i) + ch + VALID.substring(i + 1));
    }

    @Property(tries = 2000)
    void aSingleChangedCharacterNeverVerifiesWithOtherClaims(@ForAll("mutants") String mutant) {
        ManualClock now = new ManualClock();
        Optional<CapabilityToken> verified = resultOrHearthNetFailure(() -> CapabilityToken.decode(mutant).verify(now));
        Statistics.label("verifies").collect(verified.isPresent());
        verified.ifPresent(t -> assertThat(claims(t)).isEqualTo(claims(Tokens.issue())));
        Optional<CapabilityToken> decoded = resultOrHearthNetFailure(() -> CapabilityToken.decode(mutant));
        decoded.ifPresent(t -> {
            if (!claims(t).equals(claims(Tokens.issue()))) {
                fails(ErrorCode.INVALID_SIGNATURE, "bad signature", () -> t.verify(now));
            }
        });
    }
}
