package com.luckydraw.wallet.wallet;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Another transaction recorded a request under the same idempotency key while we were deciding ours. Retrying reads
 * what it recorded and answers accordingly (the original outcome, or a conflict).
 */
public class ConcurrentRequestException extends OptimisticLockingFailureException {

    public ConcurrentRequestException(RequestKey key, String what) {
        this(what + " under key " + key);
    }

    /** When a batched write cannot tell which of its keys collided. */
    public ConcurrentRequestException(String what) {
        super(what + " was recorded concurrently");
    }
}
