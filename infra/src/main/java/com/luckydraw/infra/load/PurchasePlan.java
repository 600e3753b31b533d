package com.luckydraw.infra.load;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The sequence of purchase requests of one run. A new purchase gets the next bizId ({@code <runId>-<n>}), a terminal
 * round-robin, a random buyer, the hot round with probability {@code hotShare} (else a uniformly chosen round, hot
 * one included) and 1..maxShares shares. A duplicate is a terminal resending one of its recent purchases: the same
 * bizId, posId and payload under a new messageId, so the inbox does not drop it and the order's unique key decides.
 */
final class PurchasePlan {

    /** Duplicates resend one of the last this-many purchases: recent, as a retrying terminal would. */
    static final int RECENT = 1024;

    record Planned(PurchaseRequested request, boolean duplicate) {
    }

    private final LoadOptions options;
    private final SplittableRandom random;
    private final PurchaseRequested[] recent = new PurchaseRequested[RECENT];
    private long purchases;

    PurchasePlan(LoadOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    Planned next() {
        if (purchases > 0 && options.duplicates() > 0 && random.nextDouble() < options.duplicates()) {
            var original = recent[random.nextInt((int) Math.min(purchases, RECENT))];
            return new Planned(new PurchaseRequested(UUID.randomUUID(), PurchaseRequested.SCHEMA_VERSION,
                    original.bizId(), original.posId(), original.correlationId(), Instant.now(), original.userId(),
                    original.roundId(), original.shares(), original.pricePerShare(), original.currency(),
                    original.paymentMethod()), true);
        }
        long n = ++purchases;
        long round = random.nextDouble() < options.hotShare() ? options.roundBase()
                : options.roundBase() + random.nextInt(options.rounds());
        var request = PurchaseRequested.of(
                options.runId() + "-" + n,
                "pos-" + (1 + (n - 1) % options.terminals()),
                options.userPrefix() + (1 + random.nextInt(options.users())),
                round,
                1 + random.nextInt(options.maxShares()),
                options.pricePerShare(),
                options.currency(),
                PaymentMethod.MONEY);
        recent[(int) ((n - 1) % RECENT)] = request;
        return new Planned(request, false);
    }

    /** Distinct purchases planned so far: the orders the run should end with. */
    long purchases() {
        return purchases;
    }
}
