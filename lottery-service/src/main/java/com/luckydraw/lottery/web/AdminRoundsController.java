package com.luckydraw.lottery.web;

import com.luckydraw.lottery.allocation.Allocations;
import com.luckydraw.lottery.draw.DrawNotFoundException;
import com.luckydraw.lottery.draw.Draws;
import com.luckydraw.lottery.round.RoundId;
import com.luckydraw.lottery.round.RoundStatus;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.lottery.web.Views.AllocationView;
import com.luckydraw.lottery.web.Views.DrawView;
import com.luckydraw.lottery.web.Views.RoundView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** Operators look at rounds: sold/total, who holds which numbers, the draw. */
@RestController
@RequestMapping("/admin/rounds")
@Validated
class AdminRoundsController {

    private final Rounds rounds;
    private final Allocations allocations;
    private final Draws draws;

    AdminRoundsController(Rounds rounds, Allocations allocations, Draws draws) {
        this.rounds = rounds;
        this.allocations = allocations;
        this.draws = draws;
    }

    @Operation(summary = "Rounds, newest first, of one status or all", description = "limit 1..1000.")
    @GetMapping
    List<RoundView> list(@RequestParam Optional<RoundStatus> status,
            @RequestParam(defaultValue = "100") @Positive @Max(1000) int limit) {
        return rounds.list(status, limit).stream().map(RoundView::of).toList();
    }

    @Operation(summary = "A round with its sold and total shares, version and fencing token")
    @ApiResponse(responseCode = "200", description = "The round.")
    @ApiResponse(responseCode = "404", description = "No such round (not-found).")
    @GetMapping("/{id}")
    RoundView get(@PathVariable long id) {
        return RoundView.of(rounds.get(new RoundId(id)));
    }

    @Operation(summary = "A round's allocations by lucky number, with their holders")
    @ApiResponse(responseCode = "200", description = "The allocations, by first number.")
    @ApiResponse(responseCode = "404", description = "No such round (not-found).")
    @GetMapping("/{id}/allocations")
    List<AllocationView> allocations(@PathVariable long id) {
        RoundId round = rounds.get(new RoundId(id)).id();
        return allocations.ofRound(round).stream().map(AllocationView::of).toList();
    }

    @Operation(summary = "A round's draw, with the formula it followed")
    @ApiResponse(responseCode = "200", description = "The draw.")
    @ApiResponse(responseCode = "404", description = "No such round, or not drawn yet (not-found).")
    @GetMapping("/{id}/draw")
    DrawView draw(@PathVariable long id) {
        RoundId round = rounds.get(new RoundId(id)).id();
        return draws.find(round).map(DrawView::of).orElseThrow(() -> new DrawNotFoundException(round));
    }
}
