package io.hearthnet.api;

import static io.hearthnet.api.testing.Expect.fails;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Capability-name rules of DESIGN.md section 4. */
class NamespacesTest {
    @ParameterizedTest
    @ValueSource(strings = {"llm.chat", "embed.text", "rag.query", "file.get", "market.list", "chat.send",
            "community.members", "federation.sync", "llm.chat.stream", "chat.send_v2", "rag.q1"})
    void ownedNamespacesAreAccepted(String name) {
        assertThat(Namespaces.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"experimental.weather", "experimental.ocr.read", "experimental.my_app.do_it"})
    void experimentalNamesAreAccepted(String name) {
        assertThat(Namespaces.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocr.read", "tts.speak", "stt.listen", "trans.translate", "img.generate"})
    void reservedNamespacesAreViolations(String name) {
        String namespace = name.substring(0, name.indexOf('.'));
        fails(ErrorCode.NAMESPACE_VIOLATION, "namespace '" + namespace + ".' is reserved", () -> Namespaces.check(name));
        fails(ErrorCode.NAMESPACE_VIOLATION, "use 'experimental." + name + "'", () -> Namespaces.check(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"weather.today", "myapp.do", "chatx.send", "llms.chat", "experimentals.x", "ocrx.read"})
    void otherNamespacesAreViolations(String name) {
        HearthNetException e = fails(ErrorCode.NAMESPACE_VIOLATION, "capability '" + name + "' is outside",
                () -> Namespaces.check(name));
        assertThat(e.getMessage()).contains("'experimental.'").doesNotContain("reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Chat.send", "chat.Send", "CHAT.SEND", "chat", "chat.", ".send", "chat..send", "chat. send",
            "chat.send ", " chat.send", "chat send", "chat.send\n", "chat-room.send", "chat.1send", "1chat.send",
            "chat.se/nd", "chat.*", "chat.s\u00e9nd", "_chat.send"})
    void badSyntaxIsABadRequest(String name) {
        fails(ErrorCode.BAD_REQUEST, "dot-separated lower-case segments", () -> Namespaces.check(name));
    }

    @Test
    void missingNamesAreBadRequests() {
        fails(ErrorCode.BAD_REQUEST, "capability name is missing", () -> Namespaces.check(null));
        fails(ErrorCode.BAD_REQUEST, "capability name is missing", () -> Namespaces.check(""));
    }

    @Test
    void namesAreAtMost128Characters() {
        String longest = "experimental." + "a".repeat(Namespaces.MAX_NAME_LENGTH - "experimental.".length());
        assertThat(longest).hasSize(128);
        assertThat(Namespaces.check(longest)).isEqualTo(longest);
        HearthNetException e = fails(ErrorCode.BAD_REQUEST, "must be at most 128 characters",
                () -> Namespaces.check(longest + "a"));
        assertThat(e.getMessage()).contains("'" + longest.substring(0, 40) + "…'").hasSizeLessThan(200);
    }

    @Test
    void reservedAndOwnedListsMatchTheContract() {
        assertThat(Namespaces.OWNED).containsExactly("llm", "embed", "rag", "file", "market", "chat", "community", "federation");
        assertThat(Namespaces.RESERVED).containsExactly("ocr", "tts", "stt", "trans", "img");
    }

    @Provide
    Arbitrary<String> nameLike() {
        Arbitrary<String> namespace = Arbitraries.of("llm", "chat", "federation", "experimental", "ocr", "img", "trans",
                "weather", "Chat", "chat1", "", "chat_");
        Arbitrary<String> rest = Arbitraries.strings().withChars("abz09._ A-").ofMaxLength(10);
        return Combinators.combine(namespace, rest).as(String::concat);
    }

    /** The rules written out again, independently of the implementation. */
    private static ErrorCode expectedOutcome(String name) {
        if (name.isEmpty() || name.length() > 128 || !name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
            return ErrorCode.BAD_REQUEST;
        }
        String namespace = name.split("\\.")[0];
        return Namespaces.OWNED.contains(namespace) || namespace.equals("experimental") ? null : ErrorCode.NAMESPACE_VIOLATION;
    }

    @Property
    void nameLikeTextFollowsTheRules(@ForAll("nameLike") String name) {
        ErrorCode expected = expectedOutcome(name);
        if (expected == null) {
            assertThat(Namespaces.check(name)).isEqualTo(name);
        } else {
            HearthNetException e = fails(expected, () -> Namespaces.check(name));
            boolean reserved = Namespaces.RESERVED.contains(name.split("\\.", -1)[0]);
            assertThat(e.getMessage().contains("reserved")).isEqualTo(expected == ErrorCode.NAMESPACE_VIOLATION && reserved);
        }
    }

    @Property
    void arbitraryTextFollowsTheRules(@ForAll String name) {
        nameLikeTextFollowsTheRules(name);
    }
}
