package com.luckydraw.admin.overview;

import com.luckydraw.admin.health.ReadingServiceHealth;
import com.luckydraw.admin.health.ServiceHealth;
import com.luckydraw.admin.metrics.KeyFigures;
import com.luckydraw.admin.metrics.ReadingServiceMetrics;
import com.luckydraw.admin.metrics.ServiceMetrics;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The overview: every service's health, probes and key figures on one page. */
@Controller
class OverviewController {

    private final ReadingServiceHealth health;
    private final ReadingServiceMetrics metrics;
    private final ServiceClient calls;

    OverviewController(ReadingServiceHealth health, ReadingServiceMetrics metrics, ServiceClient calls) {
        this.health = health;
        this.metrics = metrics;
        this.calls = calls;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/luckydraw";
    }

    @GetMapping("/luckydraw")
    String overview(Model model) {
        // Health and meters of all services at once: the page costs the slowest service, not the sum.
        List<Callable<Object>> reads = List.of(health::all, metrics::all);
        List<Object> answers = calls.all(reads);
        @SuppressWarnings("unchecked")
        List<ServiceHealth> healths = (List<ServiceHealth>) answers.get(0);
        @SuppressWarnings("unchecked")
        List<ServiceMetrics> meters = (List<ServiceMetrics>) answers.get(1);
        List<ServiceView> services = new ArrayList<>();
        for (int i = 0; i < healths.size(); i++) {
            services.add(new ServiceView(healths.get(i), meters.get(i), KeyFigures.of(meters.get(i))));
        }
        model.addAttribute("services", services);
        model.addAttribute("allUp", healths.stream().allMatch(ServiceHealth::up));
        return "overview";
    }
}
