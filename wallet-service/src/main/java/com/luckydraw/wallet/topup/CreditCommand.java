package com.luckydraw.wallet.topup;

import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;

/** Add money to a wallet; {@code key} makes it idempotent (its ledger entry is unique per key). */
public record CreditCommand(RequestKey key, UserId userId, Money amount) {

    public CreditCommand {
        if (key == null || userId == null || amount == null) {
            throw new InvalidValueException("a credit needs a key, a user and an amount");
        }
        Money.transfer(amount.amount(), amount.currency());
    }
}
