package com.luckydraw.lottery.draw;

import com.luckydraw.lottery.round.DrawSeed;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundStatus;
import com.luckydraw.lottery.round.Rounds;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What anybody may read to check a draw: a round's allocations with pseudonymised holders (at any time), and, once the
 * round is drawn, its seed, digest and winning number. Never the seed of a round that is not drawn.
 */
@Service
public class PublishedDraws {

    private final Rounds rounds;
    private final Draws draws;

    public PublishedDraws(Rounds rounds, Draws draws) {
        this.rounds = rounds;
        this.draws = draws;
    }

    /** A draw as published: {@code seed} and {@code winnerUser} are null for a formula-1 draw (no seed). */
    public record Revealed(int formula, String seed, String allocationsDigest, long winningNumber, String winnerUser,
            int allocationCount, Instant drawnAt) {
    }

    /** The round's allocations, by first number; empty for a round drawn before draws had a seed. */
    public List<DrawFormula.Line> allocations(Round round) {
        return rounds.seed(round.id()).map(seed -> DrawFormula.lines(seed, draws.tickets(round.id())))
                .orElse(List.of());
    }

    public Optional<Revealed> revealed(Round round) {
        if (round.status() != RoundStatus.DRAWN) {
            return Optional.empty();
        }
        Optional<DrawSeed> seed = rounds.seed(round.id());
        return draws.find(round.id()).map(d -> new Revealed(d.formula(), seed.map(DrawSeed::hex).orElse(null),
                d.allocationsDigest(), d.winningNumber(),
                seed.map(s -> DrawFormula.pseudonym(s, d.winnerUserId())).orElse(null), d.allocationCount(),
                d.drawnAt()));
    }
}
