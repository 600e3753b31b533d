package com.luckydraw.lottery.web;

import com.luckydraw.lottery.round.RoundId;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.lottery.web.Views.PublicRoundView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What a buyer may know about a round: price, how many shares are sold of how many, whether it is open. */
@RestController
class RoundsController {

    private final Rounds rounds;

    RoundsController(Rounds rounds) {
        this.rounds = rounds;
    }

    @GetMapping("/rounds/{id}")
    PublicRoundView get(@PathVariable long id) {
        return PublicRoundView.of(rounds.get(new RoundId(id)));
    }
}
