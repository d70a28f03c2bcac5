package io.hearthnet.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The contract's capability-name rules: dot-separated lower-case segments under an owned
 * namespace ({@code llm. embed. rag. file. market. chat. community. federation.}) or under
 * {@code experimental.}; the reserved namespaces ({@code ocr. tts. stt. trans. img.}) are refused
 * until the contract defines them.
 */
public final class Namespaces {
    /** Namespaces whose capabilities the contract defines. */
    public static final List<String> OWNED =
            List.of("llm", "embed", "rag", "file", "market", "chat", "community", "federation");
    /** Namespaces set aside for future contract versions. */
    public static final List<String> RESERVED = List.of("ocr", "tts", "stt", "trans", "img");
    /** The namespace for everything else, including a host app's own capabilities. */
    public static final String EXPERIMENTAL = "experimental";
    /** Longest accepted capability name. */
    public static final int MAX_NAME_LENGTH = 128;

    private static final Pattern SYNTAX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private Namespaces() {}

    /** Checks only the shape of a capability name (length and syntax): {@code bad_request} otherwise. */
    public static String checkSyntax(String name) {
        if (name == null || name.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "capability name is missing");
        }
        if (name.length() > MAX_NAME_LENGTH || !SYNTAX.matcher(name).matches()) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "capability name '" + shown
                    + "' must be at most " + MAX_NAME_LENGTH
                    + " characters of dot-separated lower-case segments like 'chat.send'");
        }
        return name;
    }

    /**
     * Checks a capability name: bad syntax is {@code bad_request}, a name outside the allowed
     * namespaces is {@code namespace_violation}.
     */
    public static String check(String name) {
        checkSyntax(name);
        String namespace = name.substring(0, name.indexOf('.'));
        if (OWNED.contains(namespace) || EXPERIMENTAL.equals(namespace)) {
            return name;
        }
        if (RESERVED.contains(namespace)) {
            throw new HearthNetException(ErrorCode.NAMESPACE_VIOLATION, "namespace '" + namespace
                    + ".' is reserved by the contract; use 'experimental." + name + "' until it is defined");
        }
        throw new HearthNetException(ErrorCode.NAMESPACE_VIOLATION, "capability '" + name
                + "' is outside the contract's namespaces " + OWNED
                + "; a host app's own capabilities go under 'experimental.' (e.g. 'experimental." + name + "')");
    }
}
