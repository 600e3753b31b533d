package com.luckydraw.wallet.debit;

import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;

/**
 * A refund names another user than the debit under its key. Applying it would move someone else's money and answering
 * "refunded" would be a lie, so it is refused (the messaging library dead-letters it for an operator).
 */
public class RefundMismatchException extends RuntimeException {

    public RefundMismatchException(RequestKey key, UserId debited, UserId asked) {
        super("refund of " + key + " for user " + asked + ", but the debit under that key was for " + debited);
    }
}
