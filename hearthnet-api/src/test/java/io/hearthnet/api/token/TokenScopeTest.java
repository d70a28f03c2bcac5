package io.hearthnet.api.token;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenScopeTest {
    private static boolean covers(TokenScope scope, String capability, String version) {
        return scope.covers(capability, Version.parse(version), Json.object());
    }

    @ParameterizedTest
    @CsvSource({
            "chat.send,      chat.send,      0.0,  true",
            "chat.send,      chat.send,      7.3,  true",
            "chat.send,      chat.sendx,     1.0,  false",
            "chat.send,      chat.send.x,    1.0,  false",
            "chat.send,      chat,           1.0,  false",
            "chat.send@1.2,  chat.send,      1.2,  true",
            "chat.send@1.2,  chat.send,      1.9,  true",
            "chat.send@1.2,  chat.send,      1.1,  false",
            "chat.send@1.2,  chat.send,      2.2,  false",
            "chat.send@1.2,  chat.send,      0.9,  false",
            "chat.send@1.2,  chat.other,     1.2,  false",
            "chat.*,         chat.send,      1.0,  true",
            "chat.*,         chat.room.join, 4.0,  true",
            "chat.*,         chatx.send,     1.0,  false",
            "chat.*,         llm.chat,       1.0,  false",
            "chat.room.*,    chat.room.join, 1.0,  true",
            "chat.room.*,    chat.room,      1.0,  false",
            "chat.room.*,    chat.send,      1.0,  false",
            "experimental.*, experimental.x, 1.0,  true"})
    void patterns(String pattern, String capability, String version, boolean covered) {
        assertThat(covers(TokenScope.of(pattern), capability, version)).isEqualTo(covered);
    }

    @Property
    void aVersionedPatternFollowsTheVersionRule(@ForAll @IntRange(max = 20) int patternMajor, @ForAll @IntRange(max = 20) int patternMinor,
                                                @ForAll @IntRange(max = 20) int major, @ForAll @IntRange(max = 20) int minor) {
        TokenScope scope = TokenScope.of("llm.chat@" + patternMajor + "." + patternMinor);
        assertThat(scope.covers("llm.chat", Version.of(major, minor), Json.object()))
                .isEqualTo(Version.of(major, minor).satisfies(Version.of(patternMajor, patternMinor)));
    }

    @Test
    void anyPatternOfSeveralCovers() {
        TokenScope scope = TokenScope.of("chat.send@2.0", "llm.*", "rag.query");
        assertThat(covers(scope, "chat.send", "2.1")).isTrue();
        assertThat(covers(scope, "llm.embed", "1.0")).isTrue();
        assertThat(covers(scope, "rag.query", "9.9")).isTrue();
        assertThat(covers(scope, "chat.send", "1.0")).isFalse();
        assertThat(covers(scope, "rag.index", "1.0")).isFalse();
    }

    @Test
    void aSingleValueConstraint() {
        TokenScope scope = new TokenScope(List.of("llm.chat"), Json.object().put("model", "llama3"), 0);
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "llama3"))).isTrue();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "gpt"))).isFalse();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", 3))).isFalse();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().putNull("model"))).isFalse();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object())).as("param not requested").isTrue();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("temperature", 1))).as("unconstrained param").isTrue();
        assertThat(scope.covers("llm.embed", Version.of(1, 0), Json.object().put("model", "llama3"))).isFalse();
    }

    @Test
    void anArrayOfAllowedValues() {
        ObjectNode constraints = Json.object();
        constraints.putArray("model").add("llama3").add("mistral");
        constraints.putArray("size").add(1).add(2);
        TokenScope scope = new TokenScope(List.of("llm.*"), constraints, 0);
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "mistral"))).isTrue();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "llama3").put("size", 2))).isTrue();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "gpt"))).isFalse();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("model", "mistral").put("size", 3))).isFalse();
        assertThat(scope.covers("llm.chat", Version.of(1, 0), Json.object().put("size", "1"))).as("types matter").isFalse();
        ObjectNode asArray = Json.object();
        asArray.putArray("model").add("llama3");
        assertThat(scope.covers("llm.chat", Version.of(1, 0), asArray)).as("an array is not one of the values").isFalse();
    }

    @Test
    void jsonRoundTrips() {
        ObjectNode constraints = Json.object().put("room", "kitchen");
        constraints.putArray("model").add("a").add("b");
        TokenScope scope = new TokenScope(List.of("chat.send@1.0", "llm.*"), constraints, 30);
        ObjectNode json = scope.toJson();
        assertThat(Json.write(json)).isEqualTo("{\"capabilities\":[\"chat.send@1.0\",\"llm.*\"],"
                + "\"params_constraints\":{\"room\":\"kitchen\",\"model\":[\"a\",\"b\"]},\"rate_limit_per_minute\":30}");
        assertThat(TokenScope.fromJson(Json.parse(Json.write(json)))).isEqualTo(scope);
        assertThat(TokenScope.fromJson(Json.parseObject("{\"capabilities\":[\"chat.send\"]}")))
                .isEqualTo(TokenScope.of("chat.send"));
    }

    @Test
    void componentsAreCopied() {
        List<String> caps = new ArrayList<>(List.of("chat.send"));
        ObjectNode constraints = Json.object().put("room", "kitchen");
        TokenScope scope = new TokenScope(caps, constraints, 0);
        caps.add("llm.chat");
        constraints.put("room", "hall");
        scope.paramsConstraints().put("room", "hall");
        assertThat(scope.capabilities()).containsExactly("chat.send");
        assertThat(scope.paramsConstraints()).isEqualTo(Json.object().put("room", "kitchen"));
        assertThatThrownBy(() -> scope.capabilities().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", ".*", "Chat.*", "chat..*", "chat.*.*", "chat.send@", "chat.send@1", "chat.send@1.x",
            "chat.send@01.0", "Chat.send", "chat", "chat.send@1.0@1.0", "chat send"})
    void badPatternsAreBadRequests(String pattern) {
        fails(ErrorCode.BAD_REQUEST, () -> TokenScope.of(pattern));
    }

    @Test
    void patternsOutsideTheNamespacesAreViolations() {
        fails(ErrorCode.NAMESPACE_VIOLATION, "reserved", () -> TokenScope.of("ocr.read"));
        fails(ErrorCode.NAMESPACE_VIOLATION, "outside", () -> TokenScope.of("weather.today@1.0"));
    }

    @Test
    void validation() {
        fails(ErrorCode.BAD_REQUEST, "a token scope needs at least one capability pattern", () -> TokenScope.of());
        fails(ErrorCode.BAD_REQUEST, "empty capability pattern in token scope", () -> TokenScope.of(""));
        fails(ErrorCode.BAD_REQUEST, "rate_limit_per_minute must not be negative",
                () -> new TokenScope(List.of("chat.send"), Json.object(), -1));
        assertThatNullPointerException().isThrownBy(() -> new TokenScope(List.of("chat.send"), null, 0))
                .withMessage("paramsConstraints");
        assertThat(new TokenScope(List.of("chat.send"), Json.object(), 60).rateLimitPerMinute()).isEqualTo(60);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                               | token scope.capabilities must be an array",
            "{\"capabilities\":\"chat.send\"}                                 | token scope.capabilities must be an array",
            "{\"capabilities\":[null]}                                        | token scope.capabilities must hold strings",
            "{\"capabilities\":[\"chat.send\"],\"params_constraints\":[]}     | params_constraints must be a JSON object, got array",
            "{\"capabilities\":[\"chat.send\"],\"params_constraints\":null}   | params_constraints must be a JSON object, got null",
            "{\"capabilities\":[\"chat.send\"],\"rate_limit_per_minute\":\"5\"} | rate_limit_per_minute must be an integer",
            "{\"capabilities\":[\"chat.send\"],\"rate_limit_per_minute\":1.5} | rate_limit_per_minute must be an integer",
            "{\"capabilities\":[\"chat.send\"],\"rate_limit_per_minute\":4294967296} | rate_limit_per_minute must be an integer",
            "{\"capabilities\":[\"chat.send\"],\"rate_limit_per_minute\":-2}  | rate_limit_per_minute must not be negative",
            "[\"chat.send\"]                                                  | token scope must be a JSON object, got array"})
    void malformedJsonIsABadRequest(String json, String message) {
        fails(ErrorCode.BAD_REQUEST, message, () -> TokenScope.fromJson(Json.parse(json)));
    }
}
