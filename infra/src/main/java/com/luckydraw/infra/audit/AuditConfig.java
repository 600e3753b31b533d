package com.luckydraw.infra.audit;

import java.time.Duration;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Where the three databases are, and how long past its step deadline an order may still be waiting (the sweeper acts
 * within a second of a deadline; the grace covers a busy or restarting order-service). Every value has an environment
 * override (the auditor's password: {@code AUDITOR_DB_PASSWORD}, else the machine's generated one) so the same
 * audit runs against the demo ({@code wallet}, {@code lottery}, {@code orders}) or the tests' databases.
 */
public record AuditConfig(String walletUrl, String lotteryUrl, String ordersUrl, String user, String password,
        Duration overdueGrace) {

    public static AuditConfig fromEnvironment(String databaseSuffix) {
        return fromEnvironment(databaseSuffix, System.getenv());
    }

    public static AuditConfig fromEnvironment(String databaseSuffix, Map<String, String> environment) {
        BinaryOperator<String> env = (name, fallback) -> {
            String value = environment.get(name);
            return value == null || value.isBlank() ? fallback : value;
        };
        String host = env.apply("PGHOST", "127.0.0.1");
        String port = env.apply("PGPORT", "5432");
        String base = "jdbc:postgresql://" + host + ":" + port + "/";
        return new AuditConfig(
                env.apply("AUDIT_WALLET_URL", base + "wallet" + databaseSuffix),
                env.apply("AUDIT_LOTTERY_URL", base + "lottery" + databaseSuffix),
                env.apply("AUDIT_ORDERS_URL", base + "orders" + databaseSuffix),
                env.apply("AUDITOR_DB_USER", "auditor"),
                // No default password: the environment's, else the machine's generated one.
                env.apply("AUDITOR_DB_PASSWORD", null) != null ? env.apply("AUDITOR_DB_PASSWORD", null)
                        : com.luckydraw.infra.process.GeneratedSecrets.value("AUDITOR_DB_PASSWORD"),
                Duration.parse(env.apply("AUDIT_OVERDUE_GRACE", "PT2M")));
    }
}
