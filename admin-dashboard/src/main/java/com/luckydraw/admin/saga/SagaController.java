package com.luckydraw.admin.saga;

import com.luckydraw.admin.services.Fetched;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The saga view: orders by state, the latest, stuck and failed ones, and retrying or voiding a stuck one. */
@Controller
class SagaController {

    /** The order's new state in order-service's answer (its OrderDetails JSON). */
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    private final ReadingSagas sagas;
    private final RetryingStuckSaga retrying;
    private final VoidingStuckSaga voiding;

    SagaController(ReadingSagas sagas, RetryingStuckSaga retrying, VoidingStuckSaga voiding) {
        this.sagas = sagas;
        this.retrying = retrying;
        this.voiding = voiding;
    }

    @GetMapping("/luckydraw/sagas")
    String sagas(Model model) {
        model.addAttribute("saga", sagas.read());
        return "sagas";
    }

    /** Post/redirect/get: the outcome is shown once on the saga page, and a reload does not retry again. */
    @PostMapping("/luckydraw/sagas/{orderId}/retry")
    String retry(@PathVariable String orderId, RedirectAttributes redirect) {
        Fetched<String> answer = retrying.retry(orderId);
        if (answer.ok()) {
            Matcher status = STATUS.matcher(answer.value());
            redirect.addFlashAttribute("retried", "Retry of order " + orderId + " accepted by order-service"
                    + (status.find() ? ": the order is " + status.group(1) + " again" : ""));
        } else {
            redirect.addFlashAttribute("retryFailed", "Retry of order " + orderId + " failed: " + answer.error());
        }
        return "redirect:/luckydraw/sagas";
    }

    /** Post/redirect/get, like the retry: the void's outcome is shown once. */
    @PostMapping("/luckydraw/sagas/{orderId}/void")
    String voidAllocation(@PathVariable String orderId, RedirectAttributes redirect) {
        Fetched<String> answer = voiding.voidAllocation(orderId);
        if (answer.ok()) {
            redirect.addFlashAttribute("retried", "Void of order " + orderId + "'s allocation sent by order-service;"
                    + " the order completes or is refunded on the lottery's answer");
        } else {
            redirect.addFlashAttribute("retryFailed", "Void of order " + orderId + " failed: " + answer.error());
        }
        return "redirect:/luckydraw/sagas";
    }
}
