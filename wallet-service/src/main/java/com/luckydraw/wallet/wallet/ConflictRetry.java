package com.luckydraw.wallet.wallet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a wallet change so that a version conflict is retried a bounded number of times, each attempt in a
 * transaction of its own, with jittered exponential backoff (Spring's {@link RetryTemplate}); then gives up with
 * {@link WalletContendedException}. Inside a caller's transaction (a Kafka batch) nothing can be retried without
 * rolling the caller back, so there the conflict is counted and propagates: the messaging library rolls the batch
 * back and redelivers it.
 *
 * <p>Every conflict increments {@code luckydraw.wallet.version.conflicts}.
 */
@Component
public class ConflictRetry {

    public static final String CONFLICTS_METRIC = "luckydraw.wallet.version.conflicts";

    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    private final TransactionTemplate ownTransaction;
    private final RetryTemplate retry;
    private final int maxAttempts;
    private final Counter conflicts;
    private final Counter contended;

    public ConflictRetry(PlatformTransactionManager transactions, RetryProperties properties, MeterRegistry meters) {
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.maxAttempts = properties.maxAttempts();
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .includes(OptimisticLockingFailureException.class)
                .backOff(fullJitter(properties))
                .build());
        this.conflicts = Counter.builder(CONFLICTS_METRIC)
                .description("version-checked writes that found the row changed (each one retried or rolled back)")
                .register(meters);
        this.contended = Counter.builder("luckydraw.wallet.contended")
                .description("changes given up after the bounded retries").register(meters);
    }

    /**
     * Runs {@code attempt} in a transaction of its own, again after each conflict, up to the configured attempts.
     *
     * @throws WalletContendedException when every attempt met a conflict
     */
    public <T> T inOwnTransactions(String what, Supplier<T> attempt) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // A retry in a new transaction would wait on the locks the caller's transaction holds.
            throw new IllegalStateException("inOwnTransactions must not run inside a transaction");
        }
        try {
            return retry.execute(() -> {
                try {
                    return ownTransaction.execute(status -> attempt.get());
                } catch (OptimisticLockingFailureException e) {
                    conflicts.increment();
                    log.debug("{}: conflict ({} attempts at most): {}", what, maxAttempts, e.getMessage());
                    throw e;
                }
            });
        } catch (RetryException e) {
            // Given up (attempts spent, or interrupted while backing off) on a conflict, or failed otherwise.
            if (e.getCause() instanceof OptimisticLockingFailureException conflict) {
                contended.increment();
                throw new WalletContendedException(what, maxAttempts, conflict);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }

    /** Runs {@code attempt} once in the caller's transaction; a conflict is counted and propagates. */
    public <T> T inCallersTransaction(Supplier<T> attempt) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("inCallersTransaction needs the caller's transaction");
        }
        try {
            return attempt.get();
        } catch (OptimisticLockingFailureException e) {
            conflicts.increment();
            throw e;
        }
    }

    /** Conflicts met since start: the race tests read it to prove that retries really happened. */
    public long conflicts() {
        return (long) conflicts.count();
    }

    /**
     * "Full jitter": before retry n the pause is uniformly random below a ceiling that starts at the base and doubles
     * up to the maximum, so racing writers spread out instead of colliding again. Spring's exponential back-off
     * jitters around its delay instead; this keeps the spread from zero. Stops after {@code maxAttempts - 1} pauses.
     */
    private static BackOff fullJitter(RetryProperties properties) {
        long base = properties.backoffBase().toMillis();
        long max = properties.backoffMax().toMillis();
        return () -> new BackOffExecution() {
            private int retries;

            @Override
            public long nextBackOff() {
                if (++retries >= properties.maxAttempts()) {
                    return STOP;
                }
                long ceiling = Math.min(max, base << Math.min(retries - 1, 20));
                return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
            }
        };
    }
}
