package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.wallet.UserId;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.LocalDate;

/**
 * A {@code free_tries} row as Spring Data JDBC reads and writes it; {@link DailyFreeTries} hands out {@link FreeTries}.
 * {@code version} is the one the row was read at: a save writes it plus one where the row still holds it, or throws.
 */
@Table("free_tries")
record FreeTriesRow(@Id Key key, int granted, int used, @Version Long version) {

    /** The primary key, (user_id, day): an id of two columns. */
    record Key(String userId, LocalDate day) {
    }

    /** The row that writes {@code changed} over the version before it. */
    static FreeTriesRow of(FreeTries changed) {
        return new FreeTriesRow(new Key(changed.userId().value(), changed.day()), changed.granted(), changed.used(),
                changed.version() - 1);
    }

    FreeTries toFreeTries() {
        return new FreeTries(new UserId(key.userId()), key.day(), granted, used, version);
    }
}
