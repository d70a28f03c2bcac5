package io.hearthnet.services.eventlog;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;

/**
 * A ULID: 48 bits of Unix milliseconds then 80 random bits, written as 26 upper-case Crockford
 * base32 characters, so that text order is time order. Only the canonical upper-case form is
 * accepted: event ids are signed, and one id must have one spelling.
 *
 * @param value the 26-character text
 */
public record Ulid(String value) implements Comparable<Ulid> {
    /** Length of the text form. */
    public static final int LENGTH = 26;
    /** Largest timestamp a ULID holds. */
    public static final long MAX_MILLIS = (1L << 48) - 1;

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** Checks the text is a canonical ULID. */
    public Ulid {
        String problem = problem(value);
        if (problem != null) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, problem);
        }
    }

    /** Parses a canonical ULID; anything else is {@code bad_request} saying what is wrong. */
    public static Ulid parse(String text) {
        return new Ulid(text);
    }

    /** Whether {@code text} is a canonical ULID. */
    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    /** The ULID of a timestamp and 80 random bits ({@code high16} holds the top 16 of them). */
    public static Ulid of(long millis, int high16, long low64) {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "ULID timestamp out of range: " + millis);
        }
        char[] out = new char[LENGTH];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (millis & 31));
            millis >>>= 5;
        }
        long hi = high16 & 0xFFFFL;
        long lo = low64;
        for (int i = LENGTH - 1; i >= 10; i--) {
            out[i] = ALPHABET.charAt((int) (lo & 31));
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new Ulid(new String(out));
    }

    /** The Unix milliseconds this ULID was made at. */
    public long timestampMillis() {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | ALPHABET.indexOf(value.charAt(i));
        }
        return millis;
    }

    @Override
    public int compareTo(Ulid other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String problem(String text) {
        if (text == null) {
            return "ULID is missing";
        }
        if (text.length() != LENGTH) {
            return "a ULID is " + LENGTH + " characters, got " + Math.min(text.length(), 1000);
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return "ULID character " + i + " is not upper-case Crockford base32";
            }
        }
        if (text.charAt(0) > '7') {
            return "ULID timestamp overflows 48 bits";
        }
        return null;
    }
}
