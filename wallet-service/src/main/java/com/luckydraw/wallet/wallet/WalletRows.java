package com.luckydraw.wallet.wallet;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;

/** Spring Data JDBC's repository of {@link WalletRow}s; {@link Wallets} is the service's way in. */
interface WalletRows extends ListCrudRepository<WalletRow, String> {

    /** One array parameter, not an IN list of one parameter per user: the same statement whatever the batch's size. */
    @Query("SELECT user_id, currency, balance, version, updated_at FROM wallet WHERE user_id = ANY (:userIds)")
    List<WalletRow> findAllByUserIds(String[] userIds);
}
