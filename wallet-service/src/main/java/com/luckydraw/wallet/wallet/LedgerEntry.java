package com.luckydraw.wallet.wallet;

import java.time.Instant;
import java.util.UUID;

/** One change of a wallet, as recorded; {@code walletVersion} is the wallet version it produced. */
public record LedgerEntry(long id, UserId userId, EntryKind kind, long amount, long balanceAfter, long walletVersion,
        RequestKey key, UUID orderId, Instant createdAt) {

    /** An entry about to be appended: the database assigns id and time. */
    public static LedgerEntry of(Wallet after, EntryKind kind, long amount, RequestKey key, UUID orderId) {
        return new LedgerEntry(0, after.userId(), kind, amount, after.balance().amount(), after.version(), key,
                orderId, null);
    }
}
