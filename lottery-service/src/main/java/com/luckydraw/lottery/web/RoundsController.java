package com.luckydraw.lottery.web;

import com.luckydraw.lottery.draw.PublishedDraws;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.RoundId;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.lottery.web.Views.PublicAllocationView;
import com.luckydraw.lottery.web.Views.PublicRoundView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What anybody may know about a round: price, how many shares are sold of how many, whether it is open, the
 * commitment to its draw seed, its allocations with pseudonymised holders, and once drawn the seed and the result:
 * enough to check a draw from public data alone (infra/bin/verify-draw).
 */
@RestController
class RoundsController {

    private final Rounds rounds;
    private final PublishedDraws published;

    RoundsController(Rounds rounds, PublishedDraws published) {
        this.rounds = rounds;
        this.published = published;
    }

    @Operation(summary = "A round as anybody sees it", description = "Price, sold and total shares, status, the"
            + " commitment to its draw seed and, once drawn, the draw with the seed.")
    @ApiResponse(responseCode = "200", description = "The round.")
    @ApiResponse(responseCode = "404", description = "No such round (not-found).")
    @GetMapping("/rounds/{id}")
    PublicRoundView get(@PathVariable long id) {
        Round round = rounds.get(new RoundId(id));
        return PublicRoundView.of(round, published.revealed(round).orElse(null));
    }

    @Operation(summary = "A round's allocations with pseudonymised holders, enough to check its draw")
    @ApiResponse(responseCode = "200", description = "The allocations, by first number.")
    @ApiResponse(responseCode = "404", description = "No such round (not-found).")
    @GetMapping("/rounds/{id}/allocations")
    List<PublicAllocationView> allocations(@PathVariable long id) {
        return published.allocations(rounds.get(new RoundId(id))).stream().map(PublicAllocationView::of).toList();
    }
}
