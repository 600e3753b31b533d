package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.wallet.UserId;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Users' free tries per day. A day's tries are read and written whole through Spring Data JDBC ({@link FreeTriesRow});
 * granting them is a conditional insert.
 */
@Repository
public class DailyFreeTries {

    private final FreeTriesRows rows;
    private final JdbcClient jdbc;

    DailyFreeTries(FreeTriesRows rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    public Optional<FreeTries> find(UserId userId, LocalDate day) {
        return rows.findById(new FreeTriesRow.Key(userId.value(), day)).map(FreeTriesRow::toFreeTries);
    }

    /**
     * The user's tries of the day, granting {@code allowance} first if the day has no row yet: a user whose reset
     * has not run (an instance was down at midnight) still gets the day's tries.
     */
    public FreeTries ofDay(UserId userId, LocalDate day, int allowance) {
        jdbc.sql("""
                        INSERT INTO free_tries (user_id, day, granted) VALUES (?, ?, ?)
                        ON CONFLICT (user_id, day) DO NOTHING
                        """)
                .params(userId.value(), day, allowance).update();
        return find(userId, day).orElseThrow();
    }

    /** @throws StaleFreeTriesException if the stored version is no longer {@code changed.version() - 1} */
    public void update(FreeTries changed) {
        try {
            rows.save(FreeTriesRow.of(changed));
        } catch (OptimisticLockingFailureException e) {
            throw new StaleFreeTriesException(changed.userId(), changed.day(), changed.version() - 1);
        }
    }

    /** Grants the day's allowance to every wallet that has no row for the day yet; returns how many got one. */
    int grantToAll(LocalDate day, int allowance) {
        return jdbc.sql("""
                        INSERT INTO free_tries (user_id, day, granted)
                        SELECT user_id, ?, ? FROM wallet
                        ON CONFLICT (user_id, day) DO NOTHING
                        """)
                .params(day, allowance).update();
    }
}
