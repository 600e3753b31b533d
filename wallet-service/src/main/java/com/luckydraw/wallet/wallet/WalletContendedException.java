package com.luckydraw.wallet.wallet;

/** Version conflicts outlasted the bounded retries: the change was not applied, and may be tried again. */
public class WalletContendedException extends RuntimeException {

    public WalletContendedException(String what, int attempts, Throwable lastConflict) {
        super(what + " was not applied: the wallet was changed concurrently in each of " + attempts + " attempts",
                lastConflict);
    }
}
