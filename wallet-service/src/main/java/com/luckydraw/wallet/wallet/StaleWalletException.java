package com.luckydraw.wallet.wallet;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The wallet changed between our read and our version-checked write. An {@link OptimisticLockingFailureException}, so
 * {@link ConflictRetry} retries it and the messaging library treats it as transient (rollback, redelivery).
 */
public class StaleWalletException extends OptimisticLockingFailureException {

    public StaleWalletException(UserId userId, long expectedVersion) {
        super("wallet " + userId + " is no longer at version " + expectedVersion);
    }
}
