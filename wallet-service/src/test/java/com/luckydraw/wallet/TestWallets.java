package com.luckydraw.wallet;

import com.luckydraw.wallet.topup.CreditCommand;
import com.luckydraw.wallet.topup.OpeningWallet;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** Wallets for tests, each with a user id of its own so tests never share state; and the invariants' queries. */
@Component
public class TestWallets {

    private final OpeningWallet opening;
    private final JdbcClient jdbc;

    TestWallets(OpeningWallet opening, JdbcClient jdbc) {
        this.opening = opening;
        this.jdbc = jdbc;
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public UserId open(String prefix, long balance) {
        UserId user = new UserId(unique(prefix));
        Optional<CreditCommand> credit = balance == 0 ? Optional.empty()
                : Optional.of(new CreditCommand(new RequestKey(unique("open"), "admin"), user,
                        new Money(balance, "CNY")));
        opening.open(user, "CNY", credit);
        return user;
    }

    public long balance(UserId user) {
        return jdbc.sql("SELECT balance FROM wallet WHERE user_id = ?").param(user.value()).query(Long.class)
                .single();
    }

    /** sum(CREDIT + REFUND) - sum(DEBIT): what the balance must be. */
    public long ledgerSum(UserId user) {
        return jdbc.sql("""
                        SELECT coalesce(sum(CASE WHEN kind IN ('CREDIT', 'REFUND') THEN amount
                                                 WHEN kind = 'DEBIT' THEN -amount ELSE 0 END), 0)
                          FROM ledger_entry WHERE user_id = ?
                        """)
                .param(user.value()).query(Long.class).single();
    }

    public long entries(UserId user, String kind) {
        return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE user_id = ? AND kind = ?")
                .params(user.value(), kind).query(Long.class).single();
    }

    public long entries(RequestKey key) {
        return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE biz_id = ? AND pos_id = ?")
                .params(key.bizId(), key.posId()).query(Long.class).single();
    }

    public static RequestKey key(String prefix) {
        return new RequestKey(unique(prefix), "pos-1");
    }
}
