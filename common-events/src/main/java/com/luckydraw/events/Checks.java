package com.luckydraw.events;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validation shared by the message records' compact constructors. A record that cannot be built is a message that
 * never enters the system: the codec turns the exception into a dead-letter reason.
 */
public final class Checks {

    /** Terminal-supplied identifiers: printable, no spaces, no quotes, no control characters. */
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** Largest amount accepted in one message: 10^12 minor units, far below overflow when summed. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;

    /** Largest number of shares in one purchase. */
    public static final int MAX_SHARES = 10_000;

    private Checks() {
    }

    public static void envelope(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
            Instant occurredAt) {
        required("messageId", messageId);
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1, was " + schemaVersion);
        }
        identifier("bizId", bizId);
        identifier("posId", posId);
        required("correlationId", correlationId);
        required("occurredAt", occurredAt);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String identifier(String field, String value) {
        required(field, value);
        if (!isIdentifier(value)) {
            throw new IllegalArgumentException(field + " must be 1-64 characters of letters, digits and . _ : -"
                    + " starting with a letter or digit");
        }
        return value;
    }

    /** {@link #IDENTIFIER} by hand: every message checks several ids, and the regular expression showed in profiles. */
    static boolean isIdentifier(String value) {
        int n = value.length();
        if (n == 0 || n > 64 || !isAlnum(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = value.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    public static long positiveAmount(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        if (value > MAX_AMOUNT) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_AMOUNT + ", was " + value);
        }
        return value;
    }

    public static long nonNegativeAmount(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        if (value > MAX_AMOUNT) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_AMOUNT + ", was " + value);
        }
        return value;
    }

    public static int shares(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        if (value > MAX_SHARES) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_SHARES + ", was " + value);
        }
        return value;
    }

    public static String currency(String value) {
        required("currency", value);
        if (!CURRENCY.matcher(value).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like CNY, was '" + value + "'");
        }
        return value;
    }
}
