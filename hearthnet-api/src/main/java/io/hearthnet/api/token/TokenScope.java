package io.hearthnet.api.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Namespaces;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a capability token allows: which capabilities, with which params, how often.
 *
 * <p>Each capability pattern is {@code name} (any version), {@code name@X.Y} (versions that
 * satisfy X.Y) or {@code namespace.*} (every capability under the prefix). Each params constraint
 * names a param and the value, or array of values, a request may ask for; a request that names
 * the param with another value is not covered.
 *
 * @param capabilities      capability patterns
 * @param paramsConstraints allowed values per param name
 * @param rateLimitPerMinute calls per minute the holder may make; 0 for no limit of its own
 */
public record TokenScope(List<String> capabilities, ObjectNode paramsConstraints, int rateLimitPerMinute) {

    /** Validates the patterns and copies the components. */
    public TokenScope {
        capabilities = List.copyOf(capabilities);
        if (capabilities.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "a token scope needs at least one capability pattern");
        }
        capabilities.forEach(TokenScope::checkPattern);
        paramsConstraints = Objects.requireNonNull(paramsConstraints, "paramsConstraints").deepCopy();
        if (rateLimitPerMinute < 0) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "rate_limit_per_minute must not be negative");
        }
    }

    /** A scope of the given capability patterns, without params constraints or rate limit. */
    public static TokenScope of(String... capabilities) {
        return new TokenScope(List.of(capabilities), Json.object(), 0);
    }

    @Override
    public ObjectNode paramsConstraints() {
        return paramsConstraints.deepCopy();
    }

    /** Whether the scope covers a call of {@code capability} at {@code version} with {@code params}. */
    public boolean covers(String capability, Version version, ObjectNode params) {
        return coversCapability(capability, version) && coversParams(params);
    }

    private boolean coversCapability(String capability, Version version) {
        for (String pattern : capabilities) {
            if (pattern.endsWith(".*")) {
                if (capability.startsWith(pattern.substring(0, pattern.length() - 1))) {
                    return true;
                }
            } else {
                int at = pattern.indexOf('@');
                String name = at < 0 ? pattern : pattern.substring(0, at);
                if (name.equals(capability) && (at < 0 || version.satisfies(Version.parse(pattern.substring(at + 1))))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean coversParams(ObjectNode params) {
        Iterator<Map.Entry<String, JsonNode>> fields = paramsConstraints.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> constraint = fields.next();
            JsonNode requested = params.get(constraint.getKey());
            if (requested == null) {
                continue;
            }
            JsonNode allowed = constraint.getValue();
            boolean ok = allowed.isArray() ? contains((ArrayNode) allowed, requested) : allowed.equals(requested);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ArrayNode allowed, JsonNode value) {
        for (JsonNode a : allowed) {
            if (a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        ArrayNode caps = o.putArray("capabilities");
        capabilities.forEach(caps::add);
        o.set("params_constraints", paramsConstraints.deepCopy());
        o.put("rate_limit_per_minute", rateLimitPerMinute);
        return o;
    }

    static TokenScope fromJson(JsonNode node) {
        ObjectNode o = Json.requireObject(node, "token scope");
        if (!o.path("capabilities").isArray()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token scope.capabilities must be an array");
        }
        List<String> caps = new ArrayList<>();
        for (JsonNode c : o.get("capabilities")) {
            if (!c.isTextual()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "token scope.capabilities must hold strings");
            }
            caps.add(c.asText());
        }
        JsonNode constraints = o.path("params_constraints");
        ObjectNode pc = constraints.isMissingNode() ? Json.object() : Json.requireObject(constraints, "params_constraints");
        JsonNode rate = o.path("rate_limit_per_minute");
        if (!rate.isMissingNode() && !(rate.isIntegralNumber() && rate.canConvertToInt())) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "token scope.rate_limit_per_minute must be an integer");
        }
        return new TokenScope(caps, pc, rate.asInt(0));
    }

    private static void checkPattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "empty capability pattern in token scope");
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            if (!prefix.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "bad capability pattern '" + pattern + "'");
            }
            return;
        }
        int at = pattern.indexOf('@');
        Namespaces.check(at < 0 ? pattern : pattern.substring(0, at));
        if (at >= 0) {
            Version.parse(pattern.substring(at + 1));
        }
    }
}
