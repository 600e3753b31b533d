package com.luckydraw.wallet.wallet;

/** No wallet was opened for this user. */
public class UnknownWalletException extends RuntimeException {

    private final UserId userId;

    public UnknownWalletException(UserId userId) {
        super("no wallet for user " + userId);
        this.userId = userId;
    }

    public UserId userId() {
        return userId;
    }
}
