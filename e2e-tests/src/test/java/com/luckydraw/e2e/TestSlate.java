package com.luckydraw.e2e;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.infra.audit.Audit;
import com.luckydraw.infra.audit.AuditConfig;
import com.luckydraw.infra.audit.AuditReport;
import com.luckydraw.infra.process.GeneratedSecrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the suite starts from rows the audit accepts. The audit checks every row of the {@code *_test} databases
 * and every request on this suite's requests topic, not only this run's. Rows that other modules' integration tests
 * leave there (a wallet test's debit has no order; an order test's completed order has no real debit) or that a
 * killed earlier run left half-done would fail the first test's audit for reasons unrelated to it. So, before the
 * services start: if the audit is not clean, the three test databases' tables are emptied (their schema and Flyway
 * history are kept) and the records on this suite's topics are deleted. If it is clean, nothing is touched and the
 * rows of earlier runs stay.
 */
final class TestSlate {

    private TestSlate() {
    }

    static void cleanIfTheAuditIsNot(AuditConfig databases, String bootstrap, String namespace, PrintStream log) {
        String requestsTopic = namespace + ".purchase.requests";
        try {
            AuditReport report = new Audit(databases).run(bootstrap, requestsTopic);
            if (report.clean()) {
                log.println("e2e: the test databases pass the audit; keeping their rows");
                return;
            }
            log.println("e2e: the test databases fail the audit before the suite (" + report.violations().size()
                    + " violations, e.g. " + report.violations().stream().limit(3).toList()
                    + "); emptying them and this suite's topics");
        } catch (RuntimeException e) {
            log.println("e2e: the audit cannot run on the test databases yet (" + e.getMessage()
                    + "); emptying what exists");
        }
        truncate(databases.walletUrl(), env("WALLET_DB_USER", "wallet"), GeneratedSecrets.value("WALLET_DB_PASSWORD"),
                log);
        truncate(databases.lotteryUrl(), env("LOTTERY_DB_USER", "lottery"),
                GeneratedSecrets.value("LOTTERY_DB_PASSWORD"), log);
        truncate(databases.ordersUrl(), env("ORDERS_DB_USER", "orders"), GeneratedSecrets.value("ORDERS_DB_PASSWORD"),
                log);
        deleteRecords(bootstrap, namespace, log);
    }

    /** Empties every table of the public schema except Flyway's history, as the database's owner. */
    private static void truncate(String url, String user, String password, PrintStream log) {
        try (Connection c = DriverManager.getConnection(url, user, password);
             var st = c.prepareStatement("""
                     SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
                       FROM pg_tables
                      WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'
                     """);
             var rs = st.executeQuery()) {
            rs.next();
            String tables = rs.getString(1);
            if (tables == null) {
                return;
            }
            // Identifiers quoted by format('%I') above; identities are not restarted, so ids never repeat.
            try (var truncate = c.createStatement()) {
                truncate.execute("TRUNCATE TABLE " + tables + " CASCADE");
            }
            log.println("e2e: emptied " + url + ": " + tables);
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }

    /** Moves the start of every topic of the namespace to its end, so the audit reads no earlier request. */
    private static void deleteRecords(String bootstrap, String namespace, PrintStream log) {
        try (Admin admin = Admin.create(KafkaLogin.as(KafkaPrincipal.OPERATOR, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(namespace + ".")).toList();
            if (topics.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, info) ->
                    delete.put(partition, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
            log.println("e2e: deleted the records of " + topics);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not delete the records of " + namespace + ".*: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
