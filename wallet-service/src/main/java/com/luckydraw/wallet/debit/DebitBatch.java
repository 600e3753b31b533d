package com.luckydraw.wallet.debit;

import com.luckydraw.wallet.wallet.ConcurrentRequestException;
import com.luckydraw.wallet.wallet.Ledger;
import com.luckydraw.wallet.wallet.LedgerEntry;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.Wallets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The debits of one transaction, decided one after another against what was read up front and what the earlier ones
 * decided, then written together: one round trip per table instead of five per debit. A key or wallet met twice sees
 * the earlier decision (a resend within the batch is a repeat; a second purchase debits the new balance).
 *
 * <p>Nothing is lost by writing late: the outcome rows are inserted with {@code ON CONFLICT DO NOTHING} and the
 * wallets are version-checked, so a concurrent writer still makes {@link #write} throw and the whole transaction roll
 * back, exactly as the same checks did one debit at a time.
 */
final class DebitBatch {

    private final Map<RequestKey, DebitRecord> recorded;
    private final Map<UserId, Wallet> wallets;
    private final List<DebitRecord> claims = new ArrayList<>();
    private final List<Wallet> changes = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();

    DebitBatch(Map<RequestKey, DebitRecord> recorded, Map<UserId, Wallet> wallets) {
        this.recorded = recorded;
        this.wallets = wallets;
    }

    Optional<DebitRecord> earlier(RequestKey key) {
        return Optional.ofNullable(recorded.get(key));
    }

    Optional<Wallet> wallet(UserId userId) {
        return Optional.ofNullable(wallets.get(userId));
    }

    /** The outcome under its key, as the batch's next repeat of the key will find it. */
    void claim(DebitRecord outcome) {
        if (recorded.putIfAbsent(outcome.key(), outcome) != null) {
            throw new ConcurrentRequestException(outcome.key(), "a debit");
        }
        claims.add(outcome);
    }

    /** The wallet's next state and the ledger entry that records it. */
    void changed(Wallet after, LedgerEntry entry) {
        wallets.put(after.userId(), after);
        changes.add(after);
        entries.add(entry);
    }

    void write(DebitRequests requests, Wallets walletRows, Ledger ledger) {
        List<RequestKey> taken = requests.recordAll(claims);
        if (!taken.isEmpty()) {
            throw new ConcurrentRequestException(taken.get(0), "a debit");
        }
        walletRows.updateAll(changes);
        ledger.appendAll(entries);
    }
}
