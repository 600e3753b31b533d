package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.wallet.UserId;
import org.springframework.dao.OptimisticLockingFailureException;

import java.time.LocalDate;

/** The day's free tries changed between our read and our version-checked write; retried like a stale wallet. */
public class StaleFreeTriesException extends OptimisticLockingFailureException {

    public StaleFreeTriesException(UserId userId, LocalDate day, long expectedVersion) {
        super("free tries of " + userId + " on " + day + " are no longer at version " + expectedVersion);
    }
}
