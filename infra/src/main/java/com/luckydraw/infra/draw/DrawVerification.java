package com.luckydraw.infra.draw;

import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a drawn round from the lottery's public data alone ({@code GET /rounds/{id}} and
 * {@code GET /rounds/{id}/allocations}), with the draw formula written again from its documentation
 * (lottery-service/README.md, "Draw formula"), not taken from the lottery's code:
 * SHA-256(seed) = the commitment; the allocations cover the round's numbers exactly once; the digest of their lines,
 * the winning number HMAC-SHA256(seed, digest) mod total shares, and the winner's pseudonym are what was published.
 */
public final class DrawVerification {

    /** What was checked, and every mismatch found. */
    public record Outcome(List<String> checked, List<String> mismatches) {

        public boolean verified() {
            return mismatches.isEmpty();
        }
    }

    private DrawVerification() {
    }

    public static Outcome verify(JsonNode round, JsonNode allocations) {
        List<String> checked = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        JsonNode draw = round.get("draw");
        if (!"DRAWN".equals(text(round, "status")) || draw == null || draw.isNull()) {
            mismatches.add("round " + text(round, "id") + " is " + text(round, "status") + ": not drawn yet");
            return new Outcome(checked, mismatches);
        }
        if (draw.get("formula").asInt() != 2 || draw.get("seed").isNull()) {
            mismatches.add("the round was drawn with formula " + draw.get("formula").asInt()
                    + " (before commit-reveal): there is no seed to verify");
            return new Outcome(checked, mismatches);
        }
        String seedHex = text(draw, "seed");
        byte[] seed = HexFormat.of().parseHex(seedHex);
        String commitment = hex(sha256(seed));
        checked.add("SHA-256(seed) = " + commitment);
        if (!commitment.equals(text(round, "seedCommitment"))) {
            mismatches.add("the revealed seed does not match the commitment " + text(round, "seedCommitment"));
        }

        long first = round.get("firstNumber").asLong();
        long total = round.get("totalShares").asLong();
        List<JsonNode> ordered = new ArrayList<>();
        allocations.forEach(ordered::add);
        ordered.sort((a, b) -> Long.compare(a.get("firstNumber").asLong(), b.get("firstNumber").asLong()));
        long expected = first;
        StringBuilder lines = new StringBuilder();
        for (JsonNode a : ordered) {
            long from = a.get("firstNumber").asLong();
            long to = a.get("lastNumber").asLong();
            if (from != expected || to < from) {
                mismatches.add("allocations do not cover the numbers once: " + from + ".." + to + " where "
                        + expected + " was next");
            }
            expected = to + 1;
            lines.append(from).append(':').append(to).append(':').append(text(a, "user")).append('\n');
        }
        if (expected != first + total) {
            mismatches.add("allocations end at " + (expected - 1) + ", the round's numbers at " + (first + total - 1));
        }
        checked.add(ordered.size() + " allocations covering " + first + ".." + (first + total - 1));

        String digest = hex(sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
        checked.add("allocations digest " + digest);
        if (!digest.equals(text(draw, "allocationsDigest"))) {
            mismatches.add("allocations digest is " + digest + ", the draw says " + text(draw, "allocationsDigest"));
        }
        long winning = first + Long.remainderUnsigned(ByteBuffer.wrap(hmac(seed, digest)).getLong(), total);
        checked.add("winning number " + winning);
        if (winning != draw.get("winningNumber").asLong()) {
            mismatches.add("winning number is " + winning + ", the draw says " + draw.get("winningNumber").asLong());
        }
        String winner = ordered.stream().filter(a -> a.get("firstNumber").asLong() <= winning
                        && winning <= a.get("lastNumber").asLong())
                .map(a -> text(a, "user")).findFirst().orElse(null);
        checked.add("winner " + winner);
        if (winner == null || !winner.equals(text(draw, "winnerUser"))) {
            mismatches.add("the winning number is held by " + winner + ", the draw names " + text(draw, "winnerUser"));
        }
        return new Outcome(checked, mismatches);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
