package com.luckydraw.admin.rounds;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Hot rounds: sold against total, fullest first, with lottery's lock figures. */
@Controller
class HotRoundsController {

    private final ReadingHotRounds rounds;

    HotRoundsController(ReadingHotRounds rounds) {
        this.rounds = rounds;
    }

    @GetMapping("/luckydraw/rounds")
    String rounds(Model model) {
        model.addAttribute("rounds", rounds.read());
        return "rounds";
    }
}
