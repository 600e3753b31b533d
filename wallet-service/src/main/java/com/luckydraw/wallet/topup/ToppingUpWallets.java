package com.luckydraw.wallet.topup;

import com.luckydraw.wallet.wallet.InvalidValueException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies an admin's batch of credits, each line on its own (its own key, its own transaction): a bad or contended
 * line is reported and the others are applied. Sending the same batch again applies nothing twice.
 */
@Component
public class ToppingUpWallets {

    /** Lines per batch: enough for an admin's spreadsheet, few enough to answer within an HTTP timeout. */
    public static final int MAX_LINES = 1000;

    private final CreditingWallet crediting;

    ToppingUpWallets(CreditingWallet crediting) {
        this.crediting = crediting;
    }

    public record LineResult(TopUpLine line, CreditOutcome outcome) {
    }

    public List<LineResult> topUp(List<TopUpLine> lines) {
        if (lines.size() > MAX_LINES) {
            throw new InvalidValueException("a batch holds at most " + MAX_LINES + " lines, got " + lines.size());
        }
        List<LineResult> results = new ArrayList<>(lines.size());
        for (TopUpLine line : lines) {
            CreditOutcome outcome = line.credit() == null
                    ? CreditOutcome.rejected(CreditOutcome.Reason.INVALID_LINE, line.invalidBecause())
                    : crediting.credit(line.credit());
            results.add(new LineResult(line, outcome));
        }
        return results;
    }
}
