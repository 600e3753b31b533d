package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.DrawSeed;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DrawFormulaTest {

    /** The worked example of lottery-service/README.md and docs/design.md: seed = bytes 0x00, 0x01, ..., 0x1f. */
    private static final DrawSeed EXAMPLE_SEED = DrawSeed.ofHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static final List<Ticket> EXAMPLE = List.of(
            new Ticket(10000001, 10000003, "ann", "b-1", "pos-1"),
            new Ticket(10000004, 10000004, "bob", "b-2", "pos-1"),
            new Ticket(10000005, 10000010, "cid", "b-3", "pos-2"));

    @Test
    void theWorkedExampleOfTheDocumentationGivesItsPublishedNumbers() {
        assertThat(EXAMPLE_SEED.commitment())
                .isEqualTo("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
        assertThat(DrawFormula.lines(EXAMPLE_SEED, EXAMPLE)).extracting(DrawFormula.Line::user).containsExactly(
                "144b2dd8050f9d73c27de21814a62761", "4b090b0bb412e6c541619bebe348fa54",
                "90933899b2237233cdc41ef46e1350bc");

        DrawFormula.Result result = DrawFormula.apply(EXAMPLE_SEED, EXAMPLE, 10);

        assertThat(result.digest()).isEqualTo("a549d240802f796d908c52e27e121b38517c25f57f13a0f46371142cc2fc7f70");
        assertThat(result.winningNumber()).isEqualTo(10000001L);
        assertThat(result.winner().userId()).isEqualTo("ann");
    }

    @Test
    void grindingTheLastBuyersBizIdNoLongerMovesTheWinnerButDidUnderTheOldFormula() {
        DrawSeed seed = DrawSeed.random();
        Set<String> winnersNow = new HashSet<>();
        Set<String> winnersBefore = new HashSet<>();
        // The last buyer tries 2,000 bizIds for the last share, every other allocation fixed.
        IntStream.range(0, 2000).mapToObj(i -> "grind-" + i).forEach(bizId -> {
            List<Ticket> tickets = List.of(
                    new Ticket(10000001, 10000003, "ann", "b-1", "pos-1"),
                    new Ticket(10000004, 10000006, "bob", "b-2", "pos-1"),
                    new Ticket(10000007, 10000009, "cid", "b-3", "pos-1"),
                    new Ticket(10000010, 10000010, "mallory", bizId, "pos-9"));
            winnersNow.add(DrawFormula.apply(seed, tickets, 10).winner().userId());
            winnersBefore.add(formulaOne(tickets, 10));
        });

        assertThat(winnersNow).as("the winner depends on the seed and the numbers, not on a bizId").hasSize(1);
        assertThat(winnersBefore).as("formula 1: each holder can be made to win by the choice of the last bizId")
                .containsExactlyInAnyOrder("ann", "bob", "cid", "mallory");
    }

    @Test
    void anotherSeedDrawsAnotherNumberForTheSameAllocations() {
        Set<Long> numbers = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            numbers.add(DrawFormula.apply(DrawSeed.random(), EXAMPLE, 10).winningNumber());
        }
        assertThat(numbers).as("over 200 seeds every number of the round wins at least once").hasSize(10);
    }

    /** The draw before commit-reveal (formula 1): SHA-256 over lines that include biz_id and pos_id. */
    private static String formulaOne(List<Ticket> tickets, int totalShares) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Ticket t : tickets) {
                sha256.update((t.firstNumber() + ":" + t.lastNumber() + ":" + t.userId() + ":" + t.bizId() + ":"
                        + t.posId() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            long winning = 10000001 + Long.remainderUnsigned(ByteBuffer.wrap(sha256.digest()).getLong(), totalShares);
            return tickets.stream().filter(t -> t.holds(winning)).findFirst().orElseThrow().userId();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
