package io.hearthnet.api.identity;

import java.util.Base64;

/** Strict unpadded base64url: one canonical text per byte string. */
final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * What is wrong with {@code text} as the canonical unpadded base64url of {@code length} bytes of
     * {@code what} (e.g. "a seed"), phrased to follow a subject ("the seed ..."); {@code null} if nothing.
     * The text itself is never quoted, so a secret cannot leak into a message.
     */
    static String problem(String text, int length, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                return "is not base64url: '=' padding is not allowed (at index " + i + ")";
            }
            if (c == '+' || c == '/') {
                return "is not base64url: '" + c + "' at index " + i + " is standard base64; base64url uses '-' and '_'";
            }
            if (!isAlphabet(c)) {
                return String.format("is not base64url: character U+%04X at index %d is not allowed", (int) c, i);
            }
        }
        if (text.length() % 4 == 1) {
            return "is not base64url: a length of " + text.length() + " characters is impossible";
        }
        int decoded = text.length() * 6 / 8;
        if (decoded != length) {
            return "decodes to " + decoded + " bytes, but " + what + " is " + length + " bytes";
        }
        if (!encode(DECODER.decode(text)).equals(text)) {
            return "is not canonical base64url: its last character has unused bits set";
        }
        return null;
    }

    /** Decodes text that {@link #problem} accepted. */
    static byte[] decodeChecked(String text) {
        return DECODER.decode(text);
    }

    private static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
