package com.luckydraw.infra.audit;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.deadletter.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The cross-service audit: reads the three databases with plain SQL, as the read-only {@code auditor} role, and
 * checks the invariants the system promises. Deliberately independent of the services' code, so a bug there cannot
 * hide itself here.
 *
 * <ul>
 * <li>every COMPLETED order has exactly one debit (or free-try spend) of its amount and one allocation of its shares
 * in its round, for its user, and no refund;</li>
 * <li>every CANCELLED order has no allocation, and its debit, if any, was refunded exactly once;</li>
 * <li>every debit and allocation belongs to an order;</li>
 * <li>per round: sold = the sum of its allocations &lt;= total, and lucky numbers never overlap;</li>
 * <li>no negative balance, and each wallet's ledger sums to its balance;</li>
 * <li>every accepted purchase request on Kafka has exactly one order (when a broker is given);</li>
 * <li>no order is still in flight after the saga timeout.</li>
 * </ul>
 */
public final class Audit {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "CANCELLED");

    private final AuditConfig config;
    // The auditor's login: the credentials folder of the broker audited (KafkaLogin's rule when not given).
    private final java.nio.file.Path kafkaCredentials;

    public Audit(AuditConfig config) {
        this(config, KafkaLogin.credentialsDir());
    }

    /** An audit of a broker whose principals' configs are in {@code kafkaCredentials} (a test's private one). */
    public Audit(AuditConfig config, java.nio.file.Path kafkaCredentials) {
        this.config = config;
        this.kafkaCredentials = kafkaCredentials;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The command: 0 clean, 1 violations, 2 could not run (a bad argument, a database or broker unreachable). */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String suffix = "";
        String kafka = null;
        String requestsTopic = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--test-databases" -> suffix = "_test";
                case "--kafka" -> kafka = args[++i];
                case "--requests-topic" -> requestsTopic = args[++i];
                case "-h", "--help" -> {
                    out.println("usage: audit [--test-databases] [--kafka host:port --requests-topic name]");
                    return 0;
                }
                default -> {
                    err.println("audit: unknown argument " + args[i] + " (see --help)");
                    return 2;
                }
            }
        }
        AuditReport report;
        try {
            report = new Audit(AuditConfig.fromEnvironment(suffix, environment)).run(kafka, requestsTopic,
                    KafkaLogin.credentialsDir(environment));
        } catch (RuntimeException e) {
            // Apart from 1 (violations), so a script can tell "the data is wrong" from "nothing was checked".
            err.println("audit could not run: " + e.getMessage());
            return 2;
        }
        report.print(out);
        return report.clean() ? 0 : 1;
    }

    public AuditReport run() {
        return run(null, null);
    }

    /** Runs every check; with a broker and the requests topic, also matches accepted requests to orders. */
    public AuditReport run(String kafkaBootstrap, String requestsTopic) {
        return run(kafkaBootstrap, requestsTopic, KafkaLogin.credentialsDir());
    }

    /** The same against a broker whose principals' client configs are in {@code kafkaCredentials}. */
    public AuditReport run(String kafkaBootstrap, String requestsTopic, Path kafkaCredentials) {
        var report = new AuditReport();
        try (Connection wallet = connect(config.walletUrl());
             Connection lottery = connect(config.lotteryUrl());
             Connection orders = connect(config.ordersUrl())) {
            Map<Key, Order> orderByKey = loadOrders(orders);
            Map<Key, Map<String, Entry>> ledgerByKey = loadLedger(wallet);
            Map<Key, Allocation> allocationByKey = loadAllocations(lottery);

            checkOrders(report, orderByKey, ledgerByKey, allocationByKey);
            checkOrphans(report, orderByKey, ledgerByKey, allocationByKey);
            checkRounds(report, lottery);
            checkWallets(report, wallet);
            checkOverdue(report, orders);
            if (kafkaBootstrap != null && requestsTopic != null) {
                checkRequests(report, orderByKey, kafkaBootstrap, requestsTopic, kafkaCredentials);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit could not read the databases: " + e.getMessage(), e);
        }
        return report;
    }

    private Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, config.user(), config.password());
        c.setReadOnly(true);
        // One snapshot per database, so no check sees a half-applied batch.
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        return c;
    }

    record Key(String bizId, String posId) {
        @Override
        public String toString() {
            return posId + "/" + bizId;
        }
    }

    record Order(UUID id, Key key, String userId, long roundId, int shares, long amount, String paymentMethod,
            String status) {
    }

    record Entry(String kind, String userId, long amount, int count) {
    }

    record Allocation(Key key, long roundId, String userId, int shares) {
    }

    private static Map<Key, Order> loadOrders(Connection orders) throws SQLException {
        Map<Key, Order> result = new HashMap<>();
        try (var st = orders.prepareStatement("""
                SELECT id, biz_id, pos_id, user_id, round_id, shares, amount, payment_method, status
                  FROM purchase_order
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                var key = new Key(rs.getString("biz_id"), rs.getString("pos_id"));
                result.put(key, new Order(rs.getObject("id", UUID.class), key, rs.getString("user_id"),
                        rs.getLong("round_id"), rs.getInt("shares"), rs.getLong("amount"),
                        rs.getString("payment_method"), rs.getString("status")));
            }
        }
        return result;
    }

    private static Map<Key, Map<String, Entry>> loadLedger(Connection wallet) throws SQLException {
        Map<Key, Map<String, Entry>> result = new HashMap<>();
        try (var st = wallet.prepareStatement("""
                SELECT biz_id, pos_id, kind, min(user_id) AS user_id, sum(amount) AS amount, count(*) AS n
                  FROM ledger_entry
                 WHERE kind IN ('DEBIT', 'FREE_TRY_SPEND', 'REFUND', 'FREE_TRY_REFUND')
                 GROUP BY biz_id, pos_id, kind
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                var key = new Key(rs.getString("biz_id"), rs.getString("pos_id"));
                result.computeIfAbsent(key, k -> new HashMap<>()).put(rs.getString("kind"),
                        new Entry(rs.getString("kind"), rs.getString("user_id"), rs.getLong("amount"), rs.getInt("n")));
            }
        }
        return result;
    }

    private static Map<Key, Allocation> loadAllocations(Connection lottery) throws SQLException {
        Map<Key, Allocation> result = new HashMap<>();
        try (var st = lottery.prepareStatement("SELECT biz_id, pos_id, round_id, user_id, shares FROM allocation");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                var key = new Key(rs.getString("biz_id"), rs.getString("pos_id"));
                result.put(key, new Allocation(key, rs.getLong("round_id"), rs.getString("user_id"),
                        rs.getInt("shares")));
            }
        }
        return result;
    }

    private static void checkOrders(AuditReport report, Map<Key, Order> orders, Map<Key, Map<String, Entry>> ledger,
            Map<Key, Allocation> allocations) {
        long completed = 0;
        long cancelled = 0;
        for (Order order : orders.values()) {
            Map<String, Entry> entries = ledger.getOrDefault(order.key(), Map.of());
            boolean money = "MONEY".equals(order.paymentMethod());
            String debitKind = money ? "DEBIT" : "FREE_TRY_SPEND";
            String refundKind = money ? "REFUND" : "FREE_TRY_REFUND";
            long expectedDebit = money ? order.amount() : order.shares();
            Entry debit = entries.get(debitKind);
            Entry refund = entries.get(refundKind);
            Allocation allocation = allocations.get(order.key());
            String check = "order " + order.key() + " (" + order.status() + ")";
            if (entries.containsKey(money ? "FREE_TRY_SPEND" : "DEBIT")) {
                report.violation(AuditCheck.PAYMENT_METHOD, check, "paid with " + order.paymentMethod() + " but charged the other way");
            }
            if ("COMPLETED".equals(order.status())) {
                completed++;
                if (debit == null || debit.count() != 1) {
                    report.violation(AuditCheck.COMPLETED_DEBITED_ONCE, check, "expected exactly one " + debitKind + ", found "
                            + (debit == null ? 0 : debit.count()));
                } else if (debit.amount() != expectedDebit || !debit.userId().equals(order.userId())) {
                    report.violation(AuditCheck.COMPLETED_DEBITED_ONCE, check, debitKind + " of " + debit.amount() + " from " + debit.userId()
                            + " does not match " + expectedDebit + " from " + order.userId());
                }
                if (refund != null) {
                    report.violation(AuditCheck.COMPLETED_NOT_REFUNDED, check, "completed but refunded " + refund.amount());
                }
                if (allocation == null) {
                    report.violation(AuditCheck.COMPLETED_ALLOCATED, check, "completed without an allocation");
                } else if (allocation.shares() != order.shares() || allocation.roundId() != order.roundId()
                        || !allocation.userId().equals(order.userId())) {
                    report.violation(AuditCheck.COMPLETED_ALLOCATED, check, "allocation " + allocation + " does not match the order");
                }
            } else if ("CANCELLED".equals(order.status())) {
                cancelled++;
                int debits = debit == null ? 0 : debit.count();
                int refunds = refund == null ? 0 : refund.count();
                if (debits != refunds) {
                    report.violation(AuditCheck.CANCELLED_REFUNDED, check, debits + " debit(s) but " + refunds + " refund(s)");
                } else if (debit != null && refund.amount() != debit.amount()) {
                    report.violation(AuditCheck.CANCELLED_REFUNDED, check, "refunded " + refund.amount() + " of a debit of " + debit.amount());
                }
                if (allocation != null) {
                    report.violation(AuditCheck.CANCELLED_NOT_ALLOCATED, check, "cancelled but holds " + allocation.shares() + " shares");
                }
            }
        }
        report.checked("completed orders: one debit and one allocation, matching, no refund", completed);
        report.checked("cancelled orders: debit refunded exactly once, no allocation", cancelled);
    }

    private static void checkOrphans(AuditReport report, Map<Key, Order> orders, Map<Key, Map<String, Entry>> ledger,
            Map<Key, Allocation> allocations) {
        ledger.keySet().stream().filter(k -> !orders.containsKey(k))
                .forEach(k -> report.violation(AuditCheck.LEDGER_HAS_ORDER, "wallet " + k, "debit or refund without an order"));
        allocations.keySet().stream().filter(k -> !orders.containsKey(k))
                .forEach(k -> report.violation(AuditCheck.ALLOCATION_HAS_ORDER, "allocation " + k, "shares allocated without an order"));
        report.checked("debits and allocations belong to an order", ledger.size() + allocations.size());
    }

    private static void checkRounds(AuditReport report, Connection lottery) throws SQLException {
        long rounds = 0;
        try (var st = lottery.prepareStatement("""
                SELECT r.id, r.total_shares, r.sold_shares, coalesce(sum(a.shares), 0) AS allocated
                  FROM round r LEFT JOIN allocation a ON a.round_id = r.id
                 GROUP BY r.id, r.total_shares, r.sold_shares
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rounds++;
                long sold = rs.getLong("sold_shares");
                long allocated = rs.getLong("allocated");
                long total = rs.getLong("total_shares");
                if (sold != allocated || sold > total) {
                    report.violation(AuditCheck.ROUND_SOLD_MATCHES, "round " + rs.getLong("id"), "sold " + sold + ", allocated " + allocated
                            + ", total " + total);
                }
            }
        }
        report.checked("rounds: sold = sum of allocations <= total", rounds);
        try (var st = lottery.prepareStatement("""
                SELECT round_id, first_number, previous_last
                  FROM (SELECT round_id, first_number,
                               lag(last_number) OVER (PARTITION BY round_id ORDER BY first_number) AS previous_last
                          FROM allocation) numbered
                 WHERE previous_last >= first_number
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                report.violation(AuditCheck.LUCKY_NUMBERS_UNIQUE, "round " + rs.getLong("round_id"), "lucky numbers overlap at "
                        + rs.getLong("first_number"));
            }
        }
        report.checked("rounds: lucky numbers unique", rounds);
    }

    private static void checkWallets(AuditReport report, Connection wallet) throws SQLException {
        long wallets = 0;
        try (var st = wallet.prepareStatement("""
                SELECT w.user_id, w.balance,
                       coalesce(sum(CASE WHEN l.kind IN ('CREDIT', 'REFUND') THEN l.amount
                                         WHEN l.kind = 'DEBIT' THEN -l.amount ELSE 0 END), 0) AS ledger
                  FROM wallet w LEFT JOIN ledger_entry l ON l.user_id = w.user_id
                 GROUP BY w.user_id, w.balance
                """); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                wallets++;
                long balance = rs.getLong("balance");
                if (balance < 0) {
                    report.violation(AuditCheck.BALANCE_NOT_NEGATIVE, "wallet " + rs.getString("user_id"), "negative balance " + balance);
                }
                if (balance != rs.getLong("ledger")) {
                    report.violation(AuditCheck.BALANCE_MATCHES_LEDGER, "wallet " + rs.getString("user_id"), "balance " + balance
                            + " but the ledger sums to " + rs.getLong("ledger"));
                }
            }
        }
        report.checked("wallets: balance >= 0 and equal to the ledger's sum", wallets);
    }

    private void checkOverdue(AuditReport report, Connection orders) throws SQLException {
        long inFlight = 0;
        try (PreparedStatement st = orders.prepareStatement("""
                SELECT biz_id, pos_id, status, created_at,
                       created_at < now() - make_interval(secs => ?) AS overdue
                  FROM purchase_order
                 WHERE status NOT IN ('COMPLETED', 'CANCELLED')
                """)) {
            st.setDouble(1, config.sagaTimeout().toMillis() / 1000.0);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inFlight++;
                    if (rs.getBoolean("overdue")) {
                        report.violation(AuditCheck.ORDER_NOT_OVERDUE, "order " + new Key(rs.getString("biz_id"), rs.getString("pos_id")),
                                "still " + rs.getString("status") + " since " + rs.getTimestamp("created_at")
                                        + ", longer than the saga timeout " + config.sagaTimeout());
                    }
                }
            }
        }
        report.checked("orders in flight within the saga timeout", inFlight);
    }

    private static void checkRequests(AuditReport report, Map<Key, Order> orders, String bootstrap, String topic,
            Path kafkaCredentials) {
        var codec = new MessageCodec();
        Set<Key> accepted = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.AUDITOR, kafkaCredentials, Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "auditor-audit-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            // Refused at the door though well-formed (a signature missing or wrong, a terminal unknown): the dead
            // letter names the request's partition and offset.
            Set<RequestAt> refused = new HashSet<>();
            readToEnd(consumer, Topics.deadLetterOf(topic), record -> {
                DeadLetter letter = DeadLetter.of(record);
                if (topic.equals(letter.originalTopic()) && letter.originalPartition() != null
                        && letter.originalOffset() != null) {
                    refused.add(new RequestAt(letter.originalPartition(), letter.originalOffset()));
                }
            });
            readToEnd(consumer, topic, record -> {
                if (refused.contains(new RequestAt(record.partition(), record.offset()))) {
                    return;
                }
                try {
                    var request = codec.decode(record.value(), PurchaseRequested.class);
                    accepted.add(new Key(request.bizId(), request.posId()));
                } catch (InvalidMessageException e) {
                    // Not a purchase request at all: refused at the door as well.
                }
            });
        }
        accepted.stream().filter(k -> !orders.containsKey(k))
                .forEach(k -> report.violation(AuditCheck.REQUEST_HAS_ORDER, "request " + k, "accepted on Kafka but no order exists"));
        report.checked("accepted purchase requests on " + topic + " have exactly one order", accepted.size());
    }

    private record RequestAt(int partition, long offset) {
    }

    /** Every record of the topic, from its first to its last as they are now; a topic that does not exist has none. */
    private static void readToEnd(KafkaConsumer<String, byte[]> consumer, String topic,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
            }
            for (var record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }
}
