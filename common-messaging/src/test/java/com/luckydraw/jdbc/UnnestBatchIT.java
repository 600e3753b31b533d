package com.luckydraw.jdbc;

import com.luckydraw.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link UnnestBatch} binds comes back out of {@code unnest} row by row, in order, nulls included. */
@SpringBootTest(classes = UnnestBatchIT.Jdbc.class)
@ContextConfiguration(initializers = RealInfrastructure.class)
class UnnestBatchIT {

    /** A connection pool and a JdbcTemplate on the library's test database, nothing else. */
    @Configuration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    static class Jdbc {
    }

    @Autowired JdbcTemplate jdbc;

    record Row(String text, Long bigint, Integer integer, UUID uuid, byte[] bytes, Instant at, Object other) {
    }

    @Test
    void everyColumnOfEveryRowComesBackInOrderWithItsNulls() {
        List<Row> rows = List.of(
                new Row("a'b", Long.MAX_VALUE, Integer.MIN_VALUE, UUID.randomUUID(), new byte[] {0, 1, (byte) 255},
                        Instant.parse("2026-12-06T01:02:03.123456Z"), 7),
                new Row(null, null, null, null, null, null, null),
                new Row("", -1L, 0, UUID.randomUUID(), new byte[0], Instant.EPOCH, -7));

        List<Row> read = jdbc.query(UnnestBatch.of("""
                        SELECT r.t, r.b, r.i, r.u, r.y, r.at::timestamptz AS at, r.o, ?::text AS scalar
                          FROM unnest(?::text[], ?::bigint[], ?::integer[], ?::uuid[], ?::bytea[], ?::text[], ?::int[])
                               WITH ORDINALITY AS r(t, b, i, u, y, at, o, n)
                         ORDER BY r.n
                        """, rows)
                .value("the same for every row")
                .text(Row::text).bigint(Row::bigint).integer(Row::integer).uuid(Row::uuid).bytea(Row::bytes)
                .instantText(Row::at).column("integer", Row::other),
                (rs, i) -> {
                    assertThat(rs.getString("scalar")).isEqualTo("the same for every row");
                    var at = rs.getTimestamp("at");
                    return new Row(rs.getString("t"), rs.getObject("b", Long.class), rs.getObject("i", Integer.class),
                            rs.getObject("u", UUID.class), rs.getBytes("y"), at == null ? null : at.toInstant(),
                            rs.getObject("o", Integer.class));
                });

        assertThat(read).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            Row sent = rows.get(i);
            Row back = read.get(i);
            assertThat(back).usingRecursiveComparison().ignoringFields("bytes").isEqualTo(sent);
            assertThat(Arrays.equals(back.bytes(), sent.bytes())).as("bytes of row %d", i).isTrue();
        }
    }

    @Test
    void anEmptyBatchBindsAnEmptyArrayNotANull() {
        // "id <> ALL (?)" over no ids holds for every id (the relay's claim with nothing in flight); over NULL, for none.
        Object cardinality = jdbc.query(UnnestBatch.of("SELECT cardinality(?::bigint[])", List.<Long>of())
                .bigint(id -> id), rs -> rs.next() ? rs.getObject(1) : null);
        assertThat(cardinality).isEqualTo(0);
    }
}
