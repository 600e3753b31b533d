package com.luckydraw.infra.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * DDL on names a test made up (throwaway roles and databases): PostgreSQL's {@code format('%I', ?)} quotes the name,
 * bound as a parameter, and the statement it returns is run. DDL takes no parameters of its own.
 */
public final class QuotedDdl {

    private QuotedDdl() {
    }

    /** Runs the statement {@code formatQuery} (a {@code SELECT format(...)} of {@code values}) returns. */
    public static void execute(Connection c, String formatQuery, String... values) throws SQLException {
        String statement;
        try (var ps = c.prepareStatement(formatQuery)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (var st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
