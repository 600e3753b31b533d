package com.luckydraw.order.terminal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A terminal's HTTP password: 256 random bits, base64url without padding (43 characters). Only its SHA-256 is
 * stored: with this much entropy no dictionary or brute force applies, so a slow hash would add cost per request and
 * no safety (docs/decisions.md).
 */
public record ApiSecret(String value) {

    private static final int BYTES = 32;

    public static ApiSecret generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new ApiSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** SHA-256 of the secret's UTF-8 bytes: what the registry keeps, and what a presented secret is compared with. */
    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public byte[] hash() {
        return hash(value);
    }

    @Override
    public String toString() {
        return "ApiSecret[(hidden)]";
    }
}
