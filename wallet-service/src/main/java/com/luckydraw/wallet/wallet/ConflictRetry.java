package com.luckydraw.wallet.wallet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a wallet change so that a version conflict is retried a bounded number of times, each attempt in a
 * transaction of its own, with jittered exponential backoff; then gives up with {@link WalletContendedException}.
 * Inside a caller's transaction (a Kafka batch) nothing can be retried without rolling the caller back, so there the
 * conflict is counted and propagates: the messaging library rolls the batch back and redelivers it.
 *
 * <p>Every conflict increments {@code luckydraw.wallet.version.conflicts}.
 */
@Component
public class ConflictRetry {

    public static final String CONFLICTS_METRIC = "luckydraw.wallet.version.conflicts";

    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    private final TransactionTemplate ownTransaction;
    private final RetryProperties properties;
    private final Counter conflicts;
    private final Counter contended;

    public ConflictRetry(PlatformTransactionManager transactions, RetryProperties properties, MeterRegistry meters) {
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
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
        OptimisticLockingFailureException last = null;
        for (int n = 1; n <= properties.maxAttempts(); n++) {
            try {
                return ownTransaction.execute(status -> attempt.get());
            } catch (OptimisticLockingFailureException e) {
                conflicts.increment();
                last = e;
                log.debug("{}: conflict on attempt {} of {}: {}", what, n, properties.maxAttempts(), e.getMessage());
                if (n < properties.maxAttempts()) {
                    pause(n);
                }
            }
        }
        contended.increment();
        throw new WalletContendedException(what, properties.maxAttempts(), last);
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

    private void pause(int attempt) {
        long ceiling = Math.min(properties.backoffMax().toNanos(),
                properties.backoffBase().toNanos() << Math.min(attempt - 1, 20));
        long nanos = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalletContendedException("interrupted while backing off", attempt, e);
        }
    }
}
