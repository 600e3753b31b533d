package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.DrawSeed;
import com.luckydraw.lottery.round.LuckyNumbers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * How a sold-out round's winning number is chosen (formula 2, commit-reveal), from data anyone can read in the public
 * API once the round is drawn ({@code GET /rounds/{id}}, {@code GET /rounds/{id}/allocations}):
 * <ol>
 * <li>{@code seed}: 32 random bytes drawn when the round opened; {@code seed_commitment} = hex(SHA-256(seed)) was
 * public from the opening, {@code seed} is revealed with the draw.</li>
 * <li>Each allocation's holder is published as {@code user} = the first 32 hex digits of
 * HMAC-SHA256(key = seed, "user:" + user_id).</li>
 * <li>Sort the allocations by first number, one line each: {@code first_number:last_number:user\n}.</li>
 * <li>{@code allocations_digest} = hex(SHA-256(the lines, concatenated, UTF-8)).</li>
 * <li>{@code winning_number} = 10000001 + (the first 8 bytes of HMAC-SHA256(key = seed, message =
 * allocations_digest as its 64 hex characters) read as an unsigned big-endian integer, modulo total_shares).</li>
 * <li>The winner holds the allocation whose numbers contain the winning number.</li>
 * </ol>
 * Nothing a buyer chooses (bizId, posId, the time of a purchase) enters the lines, and without the seed nobody can
 * tell which number will win: the last buyer can no longer try bizIds until one wins. Also in the module README.
 */
public final class DrawFormula {

    public static final int VERSION = 2;

    private DrawFormula() {
    }

    /** One allocation as the public sees it: its numbers and its holder's pseudonym. */
    public record Line(long firstNumber, long lastNumber, String user) {

        String text() {
            return firstNumber + ":" + lastNumber + ":" + user + "\n";
        }
    }

    /** The outcome of the formula for one round. */
    public record Result(String digest, long winningNumber, Ticket winner) {
    }

    public static Result apply(DrawSeed seed, List<Ticket> tickets, int totalShares) {
        if (tickets.isEmpty()) {
            throw new IllegalArgumentException("a round without allocations cannot be drawn");
        }
        List<Ticket> ordered = tickets.stream().sorted(Comparator.comparingLong(Ticket::firstNumber)).toList();
        String digest = digest(lines(seed, ordered));
        long offset = Long.remainderUnsigned(
                ByteBuffer.wrap(hmac(seed, digest), 0, Long.BYTES).getLong(), totalShares);
        long winningNumber = LuckyNumbers.FIRST + offset;
        Ticket winner = ordered.stream().filter(t -> t.holds(winningNumber)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no allocation holds the winning number "
                        + winningNumber + ": the round's numbers are not 10000001.." + (LuckyNumbers.FIRST
                        + totalShares - 1)));
        return new Result(digest, winningNumber, winner);
    }

    /** The round's allocations as published: by first number, user ids pseudonymised with the seed. */
    public static List<Line> lines(DrawSeed seed, List<Ticket> tickets) {
        return tickets.stream().sorted(Comparator.comparingLong(Ticket::firstNumber))
                .map(t -> new Line(t.firstNumber(), t.lastNumber(), pseudonym(seed, t.userId()))).toList();
    }

    /**
     * A user's name in the round's public data. Keyed by the round's seed: before the draw nobody can link it to a
     * user id; after it, a user can find their own lines, but the list alone does not give the ids away.
     */
    public static String pseudonym(DrawSeed seed, String userId) {
        return HexFormat.of().formatHex(hmac(seed, "user:" + userId), 0, 16);
    }

    static String digest(List<Line> lines) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Line line : lines) {
                sha256.update(line.text().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(DrawSeed seed, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed.bytes(), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
