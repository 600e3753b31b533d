package com.luckydraw.order.intake.web;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /purchases}: the fields of a PurchaseRequested. Every field is checked with the message's
 * own rules ({@code Checks}), and all problems are reported together.
 */
public record PurchaseForm(String bizId, String posId, String userId, Long roundId, Integer shares,
        Long pricePerShare, String currency, String paymentMethod) {

    public PurchaseRequested toRequest() {
        List<FieldProblem> problems = new ArrayList<>();
        check(problems, "bizId", () -> Checks.identifier("bizId", bizId));
        check(problems, "posId", () -> Checks.identifier("posId", posId));
        check(problems, "userId", () -> Checks.identifier("userId", userId));
        check(problems, "roundId", () -> {
            if (Checks.required("roundId", roundId) <= 0) {
                throw new IllegalArgumentException("roundId must be positive, was " + roundId);
            }
        });
        check(problems, "shares", () -> Checks.shares("shares", Checks.required("shares", shares)));
        check(problems, "pricePerShare",
                () -> Checks.positiveAmount("pricePerShare", Checks.required("pricePerShare", pricePerShare)));
        check(problems, "currency", () -> Checks.currency(currency));
        check(problems, "paymentMethod", this::method);
        if (!problems.isEmpty()) {
            throw new InvalidPurchaseException(problems);
        }
        try {
            // The checks that span fields (shares x price within the limit) are the message's own.
            return PurchaseRequested.of(bizId, posId, userId, roundId, shares, pricePerShare, currency, method());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidPurchaseException(List.of(new FieldProblem("pricePerShare", e.getMessage())));
        }
    }

    private PaymentMethod method() {
        Checks.required("paymentMethod", paymentMethod);
        try {
            return PaymentMethod.valueOf(paymentMethod);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("paymentMethod must be one of "
                    + Arrays.stream(PaymentMethod.values()).map(Enum::name).collect(Collectors.joining(", "))
                    + ", was '" + paymentMethod + "'");
        }
    }

    private static void check(List<FieldProblem> problems, String field, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
        }
    }
}
