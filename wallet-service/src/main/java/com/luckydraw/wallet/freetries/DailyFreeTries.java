package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.wallet.UserId;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.LocalDate;
import java.util.Optional;

/** Users' free tries per day. */
@Repository
public class DailyFreeTries {

    private static final RowMapper<FreeTries> ROW = (rs, i) -> new FreeTries(new UserId(rs.getString("user_id")),
            rs.getObject("day", LocalDate.class), rs.getInt("granted"), rs.getInt("used"), rs.getLong("version"));

    private final JdbcClient jdbc;

    public DailyFreeTries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FreeTries> find(UserId userId, LocalDate day) {
        return jdbc.sql("SELECT user_id, day, granted, used, version FROM free_tries WHERE user_id = ? AND day = ?")
                .params(userId.value(), day).query(ROW).optional();
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
        long expected = changed.version() - 1;
        int updated = jdbc.sql("""
                        UPDATE free_tries SET used = ?, version = ?
                         WHERE user_id = ? AND day = ? AND version = ?
                        """)
                .params(changed.used(), changed.version(), changed.userId().value(), changed.day(), expected)
                .update();
        if (updated != 1) {
            throw new StaleFreeTriesException(changed.userId(), changed.day(), expected);
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
