package com.luckydraw.infra.audit;

import java.time.Duration;

/**
 * Where the three databases are and how long a saga may take. Every value has an environment override (the auditor's password:
 * {@code AUDITOR_DB_PASSWORD}, else the machine's generated one) so the same
 * audit runs against the demo ({@code wallet}, {@code lottery}, {@code orders}) or the tests' databases.
 */
public record AuditConfig(String walletUrl, String lotteryUrl, String ordersUrl, String user, String password,
        Duration sagaTimeout) {

    public static AuditConfig fromEnvironment(String databaseSuffix) {
        String host = env("PGHOST", "127.0.0.1");
        String port = env("PGPORT", "5432");
        String base = "jdbc:postgresql://" + host + ":" + port + "/";
        return new AuditConfig(
                env("AUDIT_WALLET_URL", base + "wallet" + databaseSuffix),
                env("AUDIT_LOTTERY_URL", base + "lottery" + databaseSuffix),
                env("AUDIT_ORDERS_URL", base + "orders" + databaseSuffix),
                env("AUDITOR_DB_USER", "auditor"),
                com.luckydraw.infra.process.GeneratedSecrets.value("AUDITOR_DB_PASSWORD"),
                Duration.parse(env("AUDIT_SAGA_TIMEOUT", "PT2M")));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
