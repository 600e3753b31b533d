package com.luckydraw.resilience;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import com.luckydraw.infra.terminal.TerminalKeyring;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Purchase requests published to the private broker at a steady rate, as terminals would, while a listener notes
 * each order's terminal event. What a scenario needs from it: how many were sent, how many ended, and when the first
 * order requested after a given moment ended (the time to recover).
 */
final class PurchaseLoad implements AutoCloseable {

    /** The terminals the load buys as: pos-1 .. pos-8, each request signed with its terminal's key. */
    static final List<String> TERMINALS = List.of("pos-1", "pos-2", "pos-3", "pos-4", "pos-5", "pos-6", "pos-7",
            "pos-8");

    private final MessageCodec codec = new MessageCodec();
    private volatile TerminalKeyring terminals;
    private final String runId;
    private final List<Long> rounds;
    private final int users;
    private final double rate;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> ended = new ConcurrentHashMap<>();
    // Request sent until its order's first terminal event, in nanoseconds.
    private final Map<UUID, Long> latency = new ConcurrentHashMap<>();
    private final AtomicLong duplicateEvents = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final Thread sender;
    private final Thread listener;
    private volatile long firstRecoveredAt = Long.MIN_VALUE;
    private volatile long recoveryFrom = Long.MAX_VALUE;
    private volatile long injectedAt;

    private PurchaseLoad(PrivateKafka kafka, String runId, List<Long> rounds, int users, double rate) {
        this.runId = runId;
        this.rounds = List.copyOf(rounds);
        this.users = users;
        this.rate = rate;
        this.producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, kafka.credentialsDir(), Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                // Long enough to outlast a broker restart: a request is then late, never dropped by the terminal.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000)), new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, kafka.credentialsDir(), Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDER_EVENTS.name(), Duration.ofSeconds(60))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        // Positions fixed before the first send, so no event of this run is missed.
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.listener = new Thread(this::listen, "order-events-" + runId);
        this.sender = new Thread(this::send, "purchases-" + runId);
    }

    /** Starts sending {@code rate} purchases a second of 1-3 shares by users 1..users to the given rounds. */
    static PurchaseLoad start(PrivateKafka kafka, TerminalKeyring terminals, String runId, List<Long> rounds, int users,
            double rate) {
        var load = new PurchaseLoad(kafka, runId, rounds, users, rate);
        load.terminals = terminals;
        load.listener.start();
        load.sender.start();
        return load;
    }

    /** The time to recover is measured from now. */
    void faultInjected() {
        injectedAt = System.nanoTime();
        firstRecoveredAt = Long.MIN_VALUE;
    }

    /**
     * The fault is repaired: the system has recovered once an order requested from now on has ended. (An order
     * requested just after the injection may still slip through before the fault takes effect: it proves nothing.)
     */
    void faultRepaired() {
        recoveryFrom = System.nanoTime();
    }

    /** From {@link #faultInjected()} to the end of the first order requested after the repair, once there is one. */
    Duration timeToRecover() {
        long at = firstRecoveredAt;
        return at == Long.MIN_VALUE ? null : Duration.ofNanos(at - injectedAt);
    }

    boolean recovered() {
        return firstRecoveredAt != Long.MIN_VALUE;
    }

    void stopSending() {
        sending.set(false);
        try {
            sender.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    long sent() {
        return sentAt.size();
    }

    long ended() {
        return ended.size();
    }

    long completed() {
        return ended.values().stream().filter(Boolean::booleanValue).count();
    }

    long sendErrors() {
        return sendErrors.get();
    }

    boolean allEnded() {
        return !sender.isAlive() && ended.keySet().containsAll(sentAt.keySet());
    }

    /**
     * Terminal events of an order seen again: a redelivery the consumers absorbed is harmless, a second, different
     * outcome is not (the audit catches that).
     */
    long duplicateEvents() {
        return duplicateEvents.get();
    }

    /**
     * The 99th percentile of request-to-terminal-event times of the orders requested while the fault lasted (from
     * {@link #faultInjected()} to {@link #faultRepaired()}); null when none ended.
     */
    Duration p99DuringFault() {
        long from = injectedAt;
        long to = recoveryFrom;
        List<Long> times = latency.entrySet().stream()
                .filter(e -> {
                    Long sent = sentAt.get(e.getKey());
                    return sent != null && sent >= from && sent <= to;
                })
                .map(Map.Entry::getValue).sorted().toList();
        if (times.isEmpty()) {
            return null;
        }
        return Duration.ofNanos(times.get((int) Math.ceil(times.size() * 0.99) - 1));
    }

    List<UUID> notEnded() {
        return sentAt.keySet().stream().filter(id -> !ended.containsKey(id)).limit(10).toList();
    }

    private void send() {
        var random = new SplittableRandom(runId.hashCode());
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (long n = 1; sending.get(); n++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                // Pacing of the load itself (a rate limiter), not a wait for asynchronous work.
                LockSupport.parkNanos(wait);
            }
            next += interval;
            var request = PurchaseRequested.of(runId + "-" + n, TERMINALS.get((int) (n % TERMINALS.size())),
                    "user-" + (1 + random.nextInt(users)), rounds.get(random.nextInt(rounds.size())),
                    1 + random.nextInt(3), FaultSystem.PRICE, FaultSystem.CURRENCY, PaymentMethod.MONEY);
            UUID orderId = request.orderId();
            sentAt.put(orderId, System.nanoTime());
            producer.send(terminals.signed(Topics.PURCHASE_REQUESTS.name(), request.posId(), request.bizId(),
                    codec.encode(request)), (metadata, error) -> {
                if (error != null) {
                    // Never accepted by the broker: not the system's to lose; reported apart.
                    sendErrors.incrementAndGet();
                    sentAt.remove(orderId);
                }
            });
        }
    }

    private void listen() {
        try {
            while (listening.get()) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (AuthenticationException e) {
                    // A restarting broker refuses logins for a moment; the client takes it as final, we poll again.
                    continue;
                }
                for (var record : records) {
                    UUID orderId;
                    try {
                        orderId = UUID.fromString(record.key());
                    } catch (RuntimeException e) {
                        continue;
                    }
                    Long sent = sentAt.get(orderId);
                    if (sent == null) {
                        continue;
                    }
                    boolean completed;
                    try {
                        completed = codec.decode(record.value(), OrderEvent.class) instanceof OrderCompleted;
                    } catch (InvalidMessageException e) {
                        continue;
                    }
                    if (ended.put(orderId, completed) != null) {
                        duplicateEvents.incrementAndGet();
                    } else {
                        latency.put(orderId, System.nanoTime() - sent);
                    }
                    if (sent >= recoveryFrom && firstRecoveredAt == Long.MIN_VALUE) {
                        firstRecoveredAt = System.nanoTime();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() ends the listener.
        }
    }

    @Override
    public void close() {
        sending.set(false);
        listening.set(false);
        consumer.wakeup();
        try {
            sender.join(10_000);
            listener.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        consumer.close(Duration.ofSeconds(5));
    }
}
