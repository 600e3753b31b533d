package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.jdbc.UnnestBatch;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The outcome of every debit request by its key ({@code debit_request}). */
@Repository
class DebitRequests {

    private static final RowMapper<DebitRecord> ROW = DebitRequests::map;

    private static final String FIND = """
            SELECT biz_id, pos_id, user_id, order_id, payment_method, amount, currency, free_tries, free_try_day,
                   request_hash, outcome, reason, detail, balance_after, decided_at, refund_outcome,
                   refund_balance_after, refund_reason, refunded_at
              FROM debit_request
             WHERE (biz_id, pos_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
            """;

    /** One statement for all the outcomes of a batch (instants and days as ISO-8601 text). */
    private static final String INSERT = """
            INSERT INTO debit_request (biz_id, pos_id, user_id, order_id, payment_method, amount, currency,
                                       free_tries, free_try_day, request_hash, outcome, reason, detail,
                                       balance_after, decided_at, refund_outcome, refund_balance_after,
                                       refund_reason, refunded_at)
            SELECT r.biz_id, r.pos_id, r.user_id, r.order_id, r.payment_method, r.amount, r.currency, r.free_tries,
                   r.free_try_day::date, r.request_hash, r.outcome, r.reason, r.detail, r.balance_after,
                   r.decided_at::timestamptz, r.refund_outcome, r.refund_balance_after, r.refund_reason,
                   r.refunded_at::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::int[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[],
                          ?::bigint[], ?::text[], ?::text[])
                   AS r(biz_id, pos_id, user_id, order_id, payment_method, amount, currency, free_tries, free_try_day,
                        request_hash, outcome, reason, detail, balance_after, decided_at, refund_outcome,
                        refund_balance_after, refund_reason, refunded_at)
            ON CONFLICT (biz_id, pos_id) DO NOTHING
            RETURNING biz_id, pos_id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    DebitRequests(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    Optional<DebitRecord> find(RequestKey key) {
        return Optional.ofNullable(findAll(List.of(key)).get(key));
    }

    /** The outcomes recorded under any of these keys, in one query. */
    Map<RequestKey, DebitRecord> findAll(Collection<RequestKey> keys) {
        Map<RequestKey, DebitRecord> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        batches.query(UnnestBatch.of(FIND, keys).text(RequestKey::bizId).text(RequestKey::posId), ROW)
                .forEach(r -> found.put(r.key(), r));
        return found;
    }

    /** Records the outcome under its key; false if the key holds one already (then nothing was written). */
    boolean record(DebitRecord r) {
        return recordAll(List.of(r)).isEmpty();
    }

    /**
     * Records outcomes in one round trip; returns the keys that held an outcome already (for those nothing was
     * written).
     */
    List<RequestKey> recordAll(List<DebitRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<RequestKey> written = batches.query(UnnestBatch.of(INSERT, records)
                .text(r -> r.key().bizId())
                .text(r -> r.key().posId())
                .text(r -> r.userId().value())
                .uuid(DebitRecord::orderId)
                .text(r -> r.method() == null ? null : r.method().name())
                .bigint(DebitRecord::amount)
                .text(DebitRecord::currency)
                .integer(DebitRecord::freeTries)
                .text(r -> r.freeTryDay() == null ? null : r.freeTryDay().toString())
                .text(DebitRecord::requestHash)
                .text(r -> r.debited() ? "DEBITED" : "REJECTED")
                .text(DebitRecord::reason)
                .text(DebitRecord::detail)
                .bigint(DebitRecord::balanceAfter)
                .instantText(DebitRecord::decidedAt)
                .text(r -> r.refund() == null ? null : r.refund().name())
                .bigint(DebitRecord::refundBalanceAfter)
                .text(DebitRecord::refundReason)
                .instantText(DebitRecord::refundedAt), (rs, i) -> new RequestKey(rs.getString(1), rs.getString(2)));
        Set<RequestKey> inserted = new HashSet<>(written);
        List<RequestKey> taken = new ArrayList<>();
        for (DebitRecord r : records) {
            if (!inserted.contains(r.key())) {
                taken.add(r.key());
            }
        }
        return taken;
    }

    /** Records the refund of the key once; false if a refund was recorded already. */
    boolean recordRefund(RequestKey key, DebitRecord.RefundState state, long balanceAfter, String reason,
            Instant at) {
        return jdbc.sql("""
                        UPDATE debit_request
                           SET refund_outcome = ?, refund_balance_after = ?, refund_reason = ?, refunded_at = ?
                         WHERE biz_id = ? AND pos_id = ? AND refund_outcome IS NULL
                        """)
                .params(state.name(), balanceAfter, reason, Timestamp.from(at), key.bizId(), key.posId())
                .update() == 1;
    }

    private static DebitRecord map(ResultSet rs, int row) throws SQLException {
        String method = rs.getString("payment_method");
        String refund = rs.getString("refund_outcome");
        Timestamp refundedAt = rs.getTimestamp("refunded_at");
        return new DebitRecord(new RequestKey(rs.getString("biz_id"), rs.getString("pos_id")),
                new UserId(rs.getString("user_id")), rs.getObject("order_id", UUID.class),
                method == null ? null : PaymentMethod.valueOf(method), rs.getLong("amount"), rs.getString("currency"),
                rs.getInt("free_tries"), rs.getObject("free_try_day", LocalDate.class), rs.getString("request_hash"),
                "DEBITED".equals(rs.getString("outcome")), rs.getString("reason"), rs.getString("detail"),
                rs.getObject("balance_after", Long.class), rs.getTimestamp("decided_at").toInstant(),
                refund == null ? null : DebitRecord.RefundState.valueOf(refund),
                rs.getObject("refund_balance_after", Long.class), rs.getString("refund_reason"),
                refundedAt == null ? null : refundedAt.toInstant());
    }
}
