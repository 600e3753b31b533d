package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.wallet.freetries.DailyFreeTries;
import com.luckydraw.wallet.freetries.FreeTries;
import com.luckydraw.wallet.wallet.ConcurrentRequestException;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.EntryKind;
import com.luckydraw.wallet.wallet.Ledger;
import com.luckydraw.wallet.wallet.LedgerEntry;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.Wallets;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Gives back exactly what the debit under a key took, once. A refund with no debit to give back changes no balance:
 * if the key has no debit at all it leaves a tombstone, so the debit can never be applied if it arrives later (the
 * saga refunds on a timeout, possibly before a slow debit). Every repeat answers what the first refund answered.
 */
@Component
public class RefundingWallet {

    private final DebitRequests requests;
    private final Wallets wallets;
    private final Ledger ledger;
    private final DailyFreeTries freeTries;
    private final ConflictRetry retry;
    private final Clock clock;

    RefundingWallet(DebitRequests requests, Wallets wallets, Ledger ledger, DailyFreeTries freeTries,
            ConflictRetry retry, Clock clock) {
        this.requests = requests;
        this.wallets = wallets;
        this.ledger = ledger;
        this.freeTries = freeTries;
        this.retry = retry;
        this.clock = clock;
    }

    /** Refunds in transactions of its own, retrying version conflicts a bounded number of times. */
    public RefundOutcome refund(RefundCommand command) {
        return retry.inOwnTransactions("refund " + command.key(), () -> attempt(command));
    }

    /** Refunds in the caller's transaction; a version conflict propagates (the caller rolls back and retries). */
    public RefundOutcome refundInCurrentTransaction(RefundCommand command) {
        return retry.inCallersTransaction(() -> attempt(command));
    }

    private RefundOutcome attempt(RefundCommand command) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<DebitRecord> found = requests.find(command.key());
        if (found.isEmpty()) {
            Optional<Wallet> wallet = wallets.find(command.userId());
            DebitRecord tombstone = DebitRecord.tombstone(command, wallet.map(Wallet::currency).orElse(null),
                    wallet.map(w -> w.balance().amount()).orElse(0L), now);
            if (!requests.record(tombstone)) {
                throw new ConcurrentRequestException(command.key(), "a debit or refund");
            }
            return tombstone.refundOutcome(false);
        }
        DebitRecord debit = found.get();
        if (!debit.userId().equals(command.userId())) {
            throw new RefundMismatchException(command.key(), debit.userId(), command.userId());
        }
        if (debit.refund() != null) {
            return debit.refundOutcome(true);
        }
        if (!debit.debited()) {
            long balance = wallets.find(debit.userId()).map(w -> w.balance().amount()).orElse(0L);
            recordRefund(command, DebitRecord.RefundState.NOTHING_TO_REFUND, balance, now);
            return new RefundOutcome(debit.userId(), false, debit.method(), 0, debit.currency(), 0, balance, now,
                    false);
        }
        Wallet wallet = wallets.get(debit.userId());
        Wallet after;
        LedgerEntry entry;
        if (debit.method() == PaymentMethod.MONEY) {
            after = wallet.credit(new Money(debit.amount(), debit.currency()));
            entry = LedgerEntry.of(after, EntryKind.REFUND, debit.amount(), debit.key(), debit.orderId());
        } else {
            // Back to the day they were spent from: the ledger and the day's row stay exact.
            FreeTries spentFrom = freeTries.find(debit.userId(), debit.freeTryDay()).orElseThrow(
                    () -> new IllegalStateException("free tries of " + debit.userId() + " on " + debit.freeTryDay()
                            + " vanished although " + debit.key() + " spent from them"));
            freeTries.update(spentFrom.giveBack(debit.freeTries()));
            after = wallet.touched();
            entry = LedgerEntry.of(after, EntryKind.FREE_TRY_REFUND, debit.freeTries(), debit.key(), debit.orderId());
        }
        recordRefund(command, DebitRecord.RefundState.REFUNDED, after.balance().amount(), now);
        wallets.update(after);
        ledger.append(entry);
        return new RefundOutcome(debit.userId(), true, debit.method(), debit.amount(), debit.currency(),
                debit.freeTries(), after.balance().amount(), now, false);
    }

    private void recordRefund(RefundCommand command, DebitRecord.RefundState state, long balanceAfter, Instant now) {
        if (!requests.recordRefund(command.key(), state, balanceAfter, command.reason(), now)) {
            throw new ConcurrentRequestException(command.key(), "a refund");
        }
    }
}
