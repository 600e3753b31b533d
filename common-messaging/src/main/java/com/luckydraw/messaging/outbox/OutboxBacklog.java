package com.luckydraw.messaging.outbox;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What waits in the outbox, read from the table: for the health check and the meters. */
class OutboxBacklog {

    private final JdbcTemplate jdbc;

    OutboxBacklog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows committed but not yet acknowledged by the broker. */
    long rows() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM outbox_pending", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * How long the oldest unsent row has waited, by the database's clock; empty when nothing waits. Rows are written
     * in about id order, so the lowest pending id is the oldest: one look-up by primary key, whatever the backlog.
     */
    Optional<Duration> oldestUnsentAge() {
        List<Long> millis = jdbc.queryForList("""
                SELECT (extract(epoch FROM clock_timestamp() - o.created_at) * 1000)::bigint
                  FROM outbox_message o WHERE o.id = (SELECT min(id) FROM outbox_pending)
                """, Long.class);
        return millis.isEmpty() || millis.get(0) == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.max(0, millis.get(0))));
    }
}
