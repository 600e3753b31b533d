package com.luckydraw.admin.trends;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The trends page, and its data as JSON for the charts (and for scripts). */
@Controller
class TrendsController {

    private final SamplingTrends trends;

    TrendsController(SamplingTrends trends) {
        this.trends = trends;
    }

    @GetMapping("/luckydraw/trends")
    String page(Model model) {
        TrendsView view = trends.view();
        model.addAttribute("trends", view);
        // The page's script redraws the charts in place at the refresh interval: no reload of the page.
        model.addAttribute("liveByScript", true);
        return "trends";
    }

    @GetMapping("/luckydraw/api/trends")
    @ResponseBody
    TrendsView series() {
        return trends.view();
    }
}
