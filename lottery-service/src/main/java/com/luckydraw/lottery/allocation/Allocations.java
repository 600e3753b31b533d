package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.jdbc.UnnestBatch;
import com.luckydraw.lottery.round.RoundId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The allocation and allocation_rejection tables. Writes and look-ups take whole batches in one statement each
 * (arrays unnested on the server), so a round's batch costs the same few round trips whatever its size.
 */
@Repository
public class Allocations {

    private static final String INSERT_ALLOCATIONS = """
            INSERT INTO allocation (round_id, user_id, biz_id, pos_id, order_id, shares, first_number, last_number,
                                    request_hash, created_at)
            SELECT a.*, ?::timestamptz
              FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::int[], ?::bigint[],
                          ?::bigint[], ?::text[]) AS a
            """;

    private static final String INSERT_REJECTIONS = """
            INSERT INTO allocation_rejection (biz_id, pos_id, round_id, user_id, order_id, shares, reason, detail,
                                              request_hash, created_at)
            SELECT r.*, ?::timestamptz
              FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::uuid[], ?::int[], ?::text[], ?::text[],
                          ?::text[]) AS r
            """;

    private static final String DECIDED = """
            SELECT 'A' AS kind, a.biz_id, a.pos_id, a.round_id, a.user_id, a.order_id, a.shares, a.first_number,
                   a.last_number, NULL::text AS reason, NULL::text AS detail, a.request_hash, a.created_at
              FROM allocation a
              JOIN unnest(?::text[], ?::text[]) AS k(biz_id, pos_id) ON a.biz_id = k.biz_id AND a.pos_id = k.pos_id
            UNION ALL
            SELECT 'R', r.biz_id, r.pos_id, r.round_id, r.user_id, r.order_id, r.shares, NULL, NULL, r.reason,
                   r.detail, r.request_hash, r.created_at
              FROM allocation_rejection r
              JOIN unnest(?::text[], ?::text[]) AS k(biz_id, pos_id) ON r.biz_id = k.biz_id AND r.pos_id = k.pos_id
            """;

    private final JdbcTemplate jdbc;

    public Allocations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What was decided before for these keys, allocated or rejected. */
    public Map<RequestKey, Decision> decided(Collection<RequestKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<RequestKey, Decision> decided = new HashMap<>();
        jdbc.query(UnnestBatch.of(DECIDED, keys)
                .text(RequestKey::bizId).text(RequestKey::posId)
                .text(RequestKey::bizId).text(RequestKey::posId), rs -> {
            Decision d = "A".equals(rs.getString("kind")) ? allocation(rs) : rejection(rs);
            decided.put(d.key(), d);
        });
        return decided;
    }

    public void insertAll(List<Allocation> allocations) {
        if (allocations.isEmpty()) {
            return;
        }
        jdbc.update(UnnestBatch.of(INSERT_ALLOCATIONS, allocations)
                .value(Timestamp.from(allocations.get(0).createdAt()))
                .bigint(a -> a.roundId().value())
                .text(Allocation::userId)
                .text(a -> a.key().bizId())
                .text(a -> a.key().posId())
                .uuid(Allocation::orderId)
                .integer(Allocation::shares)
                .bigint(Allocation::firstNumber)
                .bigint(Allocation::lastNumber)
                .text(Allocation::requestHash));
    }

    public void insertRejections(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        jdbc.update(UnnestBatch.of(INSERT_REJECTIONS, rejections)
                .value(Timestamp.from(rejections.get(0).createdAt()))
                .text(r -> r.key().bizId())
                .text(r -> r.key().posId())
                .bigint(r -> r.roundId().value())
                .text(Rejection::userId)
                .uuid(Rejection::orderId)
                .integer(Rejection::shares)
                .text(r -> r.reason().name())
                .text(Rejection::detail)
                .text(Rejection::requestHash));
    }

    /** The round's allocations by lucky number. */
    public List<Allocation> ofRound(RoundId round) {
        return jdbc.query("""
                SELECT biz_id, pos_id, round_id, user_id, order_id, shares, first_number, last_number, request_hash,
                       created_at
                  FROM allocation WHERE round_id = ? ORDER BY first_number
                """, (rs, row) -> allocation(rs), round.value());
    }

    private static Allocation allocation(ResultSet rs) throws SQLException {
        return new Allocation(new RoundId(rs.getLong("round_id")), key(rs), rs.getString("user_id"),
                rs.getObject("order_id", UUID.class), rs.getInt("shares"), rs.getLong("first_number"),
                rs.getLong("last_number"), rs.getString("request_hash"), rs.getTimestamp("created_at").toInstant());
    }

    private static Rejection rejection(ResultSet rs) throws SQLException {
        return new Rejection(key(rs), new RoundId(rs.getLong("round_id")), rs.getString("user_id"),
                rs.getObject("order_id", UUID.class), rs.getInt("shares"),
                AllocationRejection.valueOf(rs.getString("reason")), rs.getString("detail"),
                rs.getString("request_hash"), rs.getTimestamp("created_at").toInstant());
    }

    private static RequestKey key(ResultSet rs) throws SQLException {
        return new RequestKey(rs.getString("biz_id"), rs.getString("pos_id"));
    }
}
