package com.luckydraw.admin.locks;

import com.luckydraw.admin.services.ServiceClient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Reads who waits for which lock in each service database, from {@code pg_locks} joined with
 * {@code pg_stat_activity}, as the read-only auditor. One short connection per database and page view: the page
 * refreshes every few seconds at most, and a pool would keep idle sessions in the very databases being watched.
 * Advisory locks (locktype {@code advisory}) show here too; Redis locks do not: see the hot-rounds page.
 */
@Component
public class ReadingLockWaits {

    private static final String WAITING = """
            SELECT a.pid, a.usename, a.application_name, l.locktype, l.mode,
                   CASE WHEN l.relation IS NOT NULL THEN l.relation::regclass::text END AS relation,
                   EXTRACT(EPOCH FROM clock_timestamp() - a.query_start)::float8 AS waiting_seconds,
                   pg_blocking_pids(a.pid) AS blocked_by,
                   left(a.query, 300) AS query
            FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.datname = current_database()
            ORDER BY a.query_start NULLS LAST
            """;

    private static final String BLOCKERS = """
            SELECT a.pid, a.usename, a.application_name, a.state,
                   EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start)::float8 AS transaction_seconds,
                   left(a.query, 300) AS query
            FROM pg_stat_activity a
            WHERE a.pid IN (SELECT unnest(pg_blocking_pids(w.pid)) FROM pg_locks w
                            JOIN pg_stat_activity wa ON wa.pid = w.pid
                            WHERE NOT w.granted AND wa.datname = current_database())
            ORDER BY a.xact_start NULLS LAST
            """;

    private static final String SUMMARY = """
            SELECT current_database() AS database_name,
                   (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                        AND backend_type = 'client backend' AND pid <> pg_backend_pid()) AS sessions,
                   (SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE a.datname = current_database() AND l.granted
                        AND a.pid <> pg_backend_pid()) AS locks_held,
                   pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS sees_all
            """;

    private final LockWaitSettings settings;
    private final ServiceClient calls;
    private final Map<String, SimpleDriverDataSource> databases = new LinkedHashMap<>();

    public ReadingLockWaits(LockWaitSettings settings, ServiceClient calls) {
        this.settings = settings;
        this.calls = calls;
        for (LockWaitSettings.Database database : settings.databases()) {
            databases.put(database.name(), dataSource(database));
        }
    }

    public List<DatabaseLocks> all() {
        List<Callable<DatabaseLocks>> reads = settings.databases().stream()
                .<Callable<DatabaseLocks>>map(database -> () -> read(database.name())).toList();
        return calls.all(reads);
    }

    DatabaseLocks read(String name) {
        try (Connection connection = databases.get(name).getConnection()) {
            // One connection for the three queries, closed right after.
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Map<String, Object> summary = jdbc.sql(SUMMARY).query().singleRow();
            List<DatabaseLocks.LockWait> waiting = jdbc.sql(WAITING).query((rs, n) -> new DatabaseLocks.LockWait(
                    rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                    rs.getString("locktype"), rs.getString("mode"), rs.getString("relation"),
                    nullableDouble(rs, "waiting_seconds"), pids(rs.getArray("blocked_by")),
                    rs.getString("query"))).list();
            List<DatabaseLocks.Blocker> blockers = jdbc.sql(BLOCKERS).query((rs, n) -> new DatabaseLocks.Blocker(
                    rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                    rs.getString("state"), nullableDouble(rs, "transaction_seconds"), rs.getString("query"))).list();
            return new DatabaseLocks(name, (String) summary.get("database_name"),
                    ((Number) summary.get("sessions")).longValue(), ((Number) summary.get("locks_held")).longValue(),
                    waiting, blockers, Boolean.TRUE.equals(summary.get("sees_all")), null);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return DatabaseLocks.failed(name, root.getClass().getSimpleName() + ": " + root.getMessage());
        }
    }

    private SimpleDriverDataSource dataSource(LockWaitSettings.Database database) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        long seconds = Math.max(1, settings.timeout().toSeconds());
        properties.setProperty("connectTimeout", String.valueOf(seconds));
        properties.setProperty("socketTimeout", String.valueOf(seconds * 2));
        properties.setProperty("readOnly", "true");
        properties.setProperty("ApplicationName", "luckydraw-admin-dashboard");
        // Enforced by the server too, so a query stuck behind a lock cannot hold a page thread.
        properties.setProperty("options", "-c statement_timeout=" + settings.timeout().toMillis());
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
        dataSource.setDriverClass(org.postgresql.Driver.class);
        dataSource.setUrl(database.url());
        dataSource.setConnectionProperties(properties);
        return dataSource;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String pids(Array array) throws SQLException {
        if (array == null) {
            return "";
        }
        Object[] pids = (Object[]) array.getArray();
        return Arrays.stream(pids).map(String::valueOf).collect(Collectors.joining(", "));
    }
}
