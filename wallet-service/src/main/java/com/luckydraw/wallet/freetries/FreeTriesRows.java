package com.luckydraw.wallet.freetries;

import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC's repository of {@link FreeTriesRow}s; {@link DailyFreeTries} is the service's way in. */
interface FreeTriesRows extends ListCrudRepository<FreeTriesRow, FreeTriesRow.Key> {
}
