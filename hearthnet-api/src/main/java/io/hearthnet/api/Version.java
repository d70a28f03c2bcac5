package io.hearthnet.api;

import io.hearthnet.api.json.Json;
import java.util.Objects;

/**
 * A capability version {@code "X.Y"}. An offered version satisfies a requested one when the majors
 * are equal and the offered minor is at least the requested minor.
 */
public record Version(int major, int minor) implements Comparable<Version> {
    /** Largest accepted major or minor component. */
    public static final int MAX_COMPONENT = 9_999;

    /** Validates both components: 0 to {@value #MAX_COMPONENT}. */
    public Version {
        if (major < 0 || minor < 0 || major > MAX_COMPONENT || minor > MAX_COMPONENT) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "version components must be between 0 and " + MAX_COMPONENT + ", got " + major + "." + minor);
        }
    }

    /** {@code X.Y} with both parts plain decimal numbers without sign or leading zeros. */
    public static Version parse(String text) {
        if (text == null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "version is missing");
        }
        int dot = text.indexOf('.');
        if (dot < 0 || dot != text.lastIndexOf('.')) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "version must look like \"X.Y\" (e.g. \"1.0\"), got " + quote(text));
        }
        return new Version(component(text.substring(0, dot), text), component(text.substring(dot + 1), text));
    }

    /** Shorthand for {@code new Version(major, minor)}. */
    public static Version of(int major, int minor) {
        return new Version(major, minor);
    }

    private static int component(String part, String whole) {
        boolean digits = !part.isEmpty() && part.length() <= 4 && part.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (part.length() > 1 && part.charAt(0) == '0')) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST,
                    "version must look like \"X.Y\" with decimal parts of at most 4 digits and no leading zeros, got "
                            + quote(whole));
        }
        return Integer.parseInt(part);
    }

    private static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(shown));
    }

    /** Whether this (offered) version can serve {@code requested}: same major, minor at least as high. */
    public boolean satisfies(Version requested) {
        Objects.requireNonNull(requested, "requested");
        return major == requested.major && minor >= requested.minor;
    }

    @Override
    public int compareTo(Version other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** {@code "X.Y"}. */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
