package com.luckydraw.jdbc;

import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.SqlProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A batch of rows bound as one SQL array per column, so that the whole batch is one execution of a statement such as
 * {@code INSERT ... SELECT ... FROM unnest(?::uuid[], ?::text[])} or {@code UPDATE ... FROM unnest(...)}: PostgreSQL
 * executes a JDBC batch one statement per row (docs/decisions.md, "Spring Data JDBC for whole aggregates, SQL for
 * batches"). Parameters are bound in the order they are declared here, which must be the order of the statement's
 * placeholders; the element type of each array is the one the statement casts it to.
 *
 * <pre>{@code
 * jdbc.update(UnnestBatch.of(INSERT, entries).text(e -> e.userId()).bigint(LedgerEntry::amount));
 * }</pre>
 *
 * @param <T> the rows' type
 */
public final class UnnestBatch<T> implements PreparedStatementCreator, SqlProvider {

    private final String sql;
    private final List<T> rows;
    private final List<Parameter> parameters = new ArrayList<>();

    private UnnestBatch(String sql, List<T> rows) {
        this.sql = sql;
        this.rows = rows;
    }

    /** The statement {@code sql}, over {@code rows} in their iteration order. */
    public static <T> UnnestBatch<T> of(String sql, Collection<? extends T> rows) {
        return new UnnestBatch<>(sql, new ArrayList<>(rows));
    }

    /** The next placeholder: an array of {@code elementType} holding {@code value} of every row, null allowed. */
    public UnnestBatch<T> column(String elementType, Function<? super T, ?> value) {
        return column(elementType, value, Object[]::new);
    }

    public UnnestBatch<T> text(Function<? super T, String> value) {
        return column("text", value, String[]::new);
    }

    public UnnestBatch<T> bigint(Function<? super T, Long> value) {
        return column("bigint", value, Long[]::new);
    }

    public UnnestBatch<T> integer(Function<? super T, Integer> value) {
        return column("integer", value, Integer[]::new);
    }

    public UnnestBatch<T> uuid(Function<? super T, UUID> value) {
        return column("uuid", value, UUID[]::new);
    }

    /** The driver takes a bytea array only as a {@code byte[][]}, not as an {@code Object[]} of byte arrays. */
    public UnnestBatch<T> bytea(Function<? super T, byte[]> value) {
        return column("bytea", value, byte[][]::new);
    }

    /**
     * Instants as ISO-8601 text with their zone, for a statement that casts them ({@code ?::text[]::timestamptz[]}):
     * nothing is read in the session's time zone.
     */
    public UnnestBatch<T> instantText(Function<? super T, Instant> value) {
        return text(row -> {
            Instant instant = value.apply(row);
            return instant == null ? null : instant.toString();
        });
    }

    private UnnestBatch<T> column(String elementType, Function<? super T, ?> value, IntFunction<Object[]> newArray) {
        Object[] elements = newArray.apply(rows.size());
        for (int i = 0; i < elements.length; i++) {
            elements[i] = value.apply(rows.get(i));
        }
        parameters.add((con, ps, index) -> ps.setArray(index, con.createArrayOf(elementType, elements)));
        return this;
    }

    /** The next placeholder: one value for the whole batch (the consumer of an inbox, the time of an insert). */
    public UnnestBatch<T> value(Object value) {
        parameters.add((con, ps, index) -> ps.setObject(index, value));
        return this;
    }

    @Override
    public PreparedStatement createPreparedStatement(Connection con) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).bind(con, ps, i + 1);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public String getSql() {
        return sql;
    }

    @FunctionalInterface
    private interface Parameter {
        void bind(Connection con, PreparedStatement ps, int index) throws SQLException;
    }
}
