package com.luckydraw.lottery.round;

import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.product.Products;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Comparator;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Products and rounds are read back as written (Spring Data JDBC), and a round's version guards its writes. */
@LotteryIntegrationTest
class RoundsIT {

    private static final Comparator<Round> NEWEST_FIRST = Comparator.comparing(Round::id).reversed();

    @Autowired OpeningRound opening;
    @Autowired Products products;
    @Autowired Rounds rounds;

    @Test
    void aLaunchedProductAndItsFirstRoundAreReadBackAsReturned() {
        OpeningRound.Launch launch = opening.launch("  Read back  ", Money.price(250, "CNY"), 3, true);

        assertThat(launch.product().name()).isEqualTo("Read back");
        assertThat(products.get(launch.product().id())).isEqualTo(launch.product());
        Round round = launch.round();
        assertThat(round.version()).isZero();
        assertThat(round.status()).isEqualTo(RoundStatus.OPEN);
        assertThat(rounds.get(round.id())).isEqualTo(round);
        assertThat(rounds.findForUpdate(round.id())).contains(round);
        assertThat(rounds.seed(round.id())).map(DrawSeed::commitment).contains(round.seedCommitment());
        assertThat(rounds.list(Optional.of(RoundStatus.OPEN), 50)).contains(round)
                .allMatch(Round::isOpen).isSortedAccordingTo(NEWEST_FIRST);
        assertThat(rounds.list(Optional.empty(), 50)).contains(round).isSortedAccordingTo(NEWEST_FIRST);
    }

    @Test
    void aDrawOverAVersionWrittenSinceIsRefusedWithTheNamedException() {
        Round open = opening.launch("Stale draw", Money.price(100, "CNY"), 2, false).round();
        Round soldOut = rounds.applySale(open, 2, 1).orElseThrow();
        assertThat(soldOut.status()).isEqualTo(RoundStatus.SOLD_OUT);
        assertThat(rounds.get(open.id())).isEqualTo(soldOut);

        Round drawn = rounds.markDrawn(soldOut);

        assertThat(drawn.version()).isEqualTo(soldOut.version() + 1);
        assertThat(rounds.get(open.id())).isEqualTo(drawn);
        assertThatThrownBy(() -> rounds.markDrawn(soldOut)).isInstanceOf(StaleRoundException.class)
                .hasMessageContaining("no longer at version " + soldOut.version());
        assertThat(rounds.get(open.id())).isEqualTo(drawn);
        assertThat(rounds.seed(open.id())).as("the seed is written once and kept").isPresent();
    }
}
