package com.luckydraw.lottery.round;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The secret of a round's draw: 32 random bytes drawn when the round opens. Its SHA-256 (the commitment) is public
 * from that moment; the seed itself is revealed only with the draw, so nobody buying shares can know it, and the
 * operator cannot swap it without the published commitment showing it.
 */
public final class DrawSeed {

    public static final int BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private DrawSeed(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a draw seed is " + BYTES + " bytes");
        }
        this.bytes = bytes.clone();
    }

    public static DrawSeed random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new DrawSeed(bytes);
    }

    public static DrawSeed of(byte[] bytes) {
        return new DrawSeed(bytes);
    }

    public static DrawSeed ofHex(String hex) {
        return new DrawSeed(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** SHA-256 of the seed's 32 bytes, as 64 lower-case hex digits. */
    public String commitment() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DrawSeed seed && Arrays.equals(bytes, seed.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the seed itself: it must not reach a log before the draw. */
    @Override
    public String toString() {
        return "DrawSeed[commitment=" + commitment() + "]";
    }
}
