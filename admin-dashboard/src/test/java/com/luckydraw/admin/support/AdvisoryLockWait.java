package com.luckydraw.admin.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real lock wait in a real database: one session holds an advisory lock, a second one (on its own thread) asks
 * for it and waits. Advisory locks work in the read-only sessions of the auditor role, so the test needs no
 * writer. The key is random so that it never meets the outbox relay's advisory lock in the same database.
 */
public final class AdvisoryLockWait implements AutoCloseable {

    private final long key = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
    private final Connection holder;
    private final Connection waiter;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> waiting;
    public final int holderPid;
    public final int waiterPid;

    public AdvisoryLockWait(String jdbcUrl, String user, String password) throws SQLException {
        holder = connect(jdbcUrl, user, password, "lock-holder-test");
        waiter = connect(jdbcUrl, user, password, "lock-waiter-test");
        holderPid = pid(holder);
        waiterPid = pid(waiter);
        execute(holder, "SELECT pg_advisory_lock(" + key + ")");
        waiting = thread.submit(() -> {
            execute(waiter, "SELECT pg_advisory_lock(" + key + ")");
            return null;
        });
        await("the second session to wait for the lock").atMost(Duration.ofSeconds(10)).until(() -> {
            try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = " + waiterPid)) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }

    @Override
    public void close() throws Exception {
        try {
            execute(holder, "SELECT pg_advisory_unlock(" + key + ")");
            waiting.get(10, TimeUnit.SECONDS);
            execute(waiter, "SELECT pg_advisory_unlock(" + key + ")");
        } finally {
            holder.close();
            waiter.close();
            thread.shutdownNow();
        }
    }

    private static Connection connect(String url, String user, String password, String application)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", application);
        properties.setProperty("options", "-c statement_timeout=20000");
        return DriverManager.getConnection(url, properties);
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
