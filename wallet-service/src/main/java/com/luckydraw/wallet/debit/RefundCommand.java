package com.luckydraw.wallet.debit;

import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;

import java.util.UUID;

/** Give back what the debit under {@code key} took. */
public record RefundCommand(RequestKey key, UUID orderId, UserId userId, String reason) {

    public RefundCommand {
        if (key == null || userId == null) {
            throw new InvalidValueException("a refund needs a key and a user");
        }
        reason = reason == null ? "" : reason;
    }
}
