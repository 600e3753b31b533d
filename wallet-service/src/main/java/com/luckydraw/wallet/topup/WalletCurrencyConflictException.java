package com.luckydraw.wallet.topup;

import com.luckydraw.wallet.wallet.UserId;

/** Opening a wallet that exists already in another currency. */
public class WalletCurrencyConflictException extends RuntimeException {

    public WalletCurrencyConflictException(UserId userId, String existing, String asked) {
        super("user " + userId + " has a wallet in " + existing + " already; cannot open one in " + asked);
    }
}
