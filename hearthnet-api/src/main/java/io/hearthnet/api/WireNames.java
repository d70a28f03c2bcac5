package io.hearthnet.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case wire names of the api's enums with one clear error. */
final class WireNames {
    private WireNames() {}

    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        if (name != null) {
            for (E value : type.getEnumConstants()) {
                if (value.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return value;
                }
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        throw new HearthNetException(ErrorCode.BAD_REQUEST,
                "unknown " + what + " " + (name == null ? "null" : "'" + name + "'") + "; expected one of " + allowed);
    }
}
