package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.LuckyNumbers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * How a sold-out round's winning number is chosen, from data anyone holding the round's allocations can check:
 * <ol>
 * <li>Sort the round's allocations by first number, and write one line per allocation:
 * {@code first_number:last_number:user_id:biz_id:pos_id\n} (decimal numbers, UTF-8).</li>
 * <li>{@code digest} = SHA-256 of those lines, concatenated (shown as 64 lower-case hex digits).</li>
 * <li>{@code winning_number} = 10000001 + (the first 8 bytes of the digest read as an unsigned big-endian integer,
 * modulo the round's total shares).</li>
 * <li>The winner is the allocation whose numbers contain the winning number.</li>
 * </ol>
 * The allocations are fixed once the round is sold out, so no one can steer the result after the last share is
 * sold, and the order of purchases (not a secret seed) decides it. Also in the module README.
 */
public final class DrawFormula {

    private DrawFormula() {
    }

    /** The outcome of the formula for one round. */
    public record Result(String digest, long winningNumber, Ticket winner) {
    }

    public static Result apply(List<Ticket> tickets, int totalShares) {
        if (tickets.isEmpty()) {
            throw new IllegalArgumentException("a round without allocations cannot be drawn");
        }
        List<Ticket> ordered = tickets.stream().sorted(Comparator.comparingLong(Ticket::firstNumber)).toList();
        byte[] digest = digest(ordered);
        long offset = Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, Long.BYTES).getLong(), totalShares);
        long winningNumber = LuckyNumbers.FIRST + offset;
        Ticket winner = ordered.stream().filter(t -> t.holds(winningNumber)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no allocation holds the winning number "
                        + winningNumber + ": the round's numbers are not 10000001.." + (LuckyNumbers.FIRST
                        + totalShares - 1)));
        return new Result(HexFormat.of().formatHex(digest), winningNumber, winner);
    }

    private static byte[] digest(List<Ticket> ordered) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Ticket t : ordered) {
                String line = t.firstNumber() + ":" + t.lastNumber() + ":" + t.userId() + ":" + t.bizId() + ":"
                        + t.posId() + "\n";
                sha256.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
