package com.luckydraw.lottery.allocation;

import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.lottery.round.RoundId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
        String[] bizIds = keys.stream().map(RequestKey::bizId).toArray(String[]::new);
        String[] posIds = keys.stream().map(RequestKey::posId).toArray(String[]::new);
        Map<RequestKey, Decision> decided = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(DECIDED);
            ps.setArray(1, con.createArrayOf("text", bizIds));
            ps.setArray(2, con.createArrayOf("text", posIds));
            ps.setArray(3, con.createArrayOf("text", bizIds));
            ps.setArray(4, con.createArrayOf("text", posIds));
            return ps;
        }, rs -> {
            Decision d = "A".equals(rs.getString("kind")) ? allocation(rs) : rejection(rs);
            decided.put(d.key(), d);
        });
        return decided;
    }

    public void insertAll(List<Allocation> allocations) {
        if (allocations.isEmpty()) {
            return;
        }
        int n = allocations.size();
        Long[] rounds = new Long[n];
        String[] users = new String[n];
        String[] bizIds = new String[n];
        String[] posIds = new String[n];
        UUID[] orders = new UUID[n];
        Integer[] shares = new Integer[n];
        Long[] firsts = new Long[n];
        Long[] lasts = new Long[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            Allocation a = allocations.get(i);
            rounds[i] = a.roundId().value();
            users[i] = a.userId();
            bizIds[i] = a.key().bizId();
            posIds[i] = a.key().posId();
            orders[i] = a.orderId();
            shares[i] = a.shares();
            firsts[i] = a.firstNumber();
            lasts[i] = a.lastNumber();
            hashes[i] = a.requestHash();
        }
        Timestamp createdAt = Timestamp.from(allocations.get(0).createdAt());
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT_ALLOCATIONS);
            ps.setTimestamp(1, createdAt);
            setArrays(con, ps, 2, new Object[][] {rounds, users, bizIds, posIds, orders, shares, firsts, lasts, hashes},
                    "bigint", "text", "text", "text", "uuid", "integer", "bigint", "bigint", "text");
            return ps;
        });
    }

    public void insertRejections(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        int n = rejections.size();
        String[] bizIds = new String[n];
        String[] posIds = new String[n];
        Long[] rounds = new Long[n];
        String[] users = new String[n];
        UUID[] orders = new UUID[n];
        Integer[] shares = new Integer[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            Rejection r = rejections.get(i);
            bizIds[i] = r.key().bizId();
            posIds[i] = r.key().posId();
            rounds[i] = r.roundId().value();
            users[i] = r.userId();
            orders[i] = r.orderId();
            shares[i] = r.shares();
            reasons[i] = r.reason().name();
            details[i] = r.detail();
            hashes[i] = r.requestHash();
        }
        Timestamp createdAt = Timestamp.from(rejections.get(0).createdAt());
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT_REJECTIONS);
            ps.setTimestamp(1, createdAt);
            setArrays(con, ps, 2, new Object[][] {bizIds, posIds, rounds, users, orders, shares, reasons, details,
                    hashes}, "text", "text", "bigint", "text", "uuid", "integer", "text", "text", "text");
            return ps;
        });
    }

    /** The round's allocations by lucky number. */
    public List<Allocation> ofRound(RoundId round) {
        return jdbc.query("""
                SELECT biz_id, pos_id, round_id, user_id, order_id, shares, first_number, last_number, request_hash,
                       created_at
                  FROM allocation WHERE round_id = ? ORDER BY first_number
                """, (rs, row) -> allocation(rs), round.value());
    }

    private static void setArrays(Connection con, PreparedStatement ps, int from, Object[][] arrays,
            String... types) throws SQLException {
        for (int i = 0; i < arrays.length; i++) {
            ps.setArray(from + i, con.createArrayOf(types[i], arrays[i]));
        }
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
