package com.luckydraw.order;

import com.luckydraw.events.Message;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-ins for wallet-service and lottery-service in order-service's tests: real Kafka consumers of the commands
 * topics (of the tests' namespace) that answer each command with a scripted reply on the events topics, encoded with
 * MessageCodec, keyed by order id like the real services. The script is per bizId; unscripted purchases are debited,
 * refunded and allocated. The lottery stand-in keeps the real one's rules for a key: an allocation is answered the same
 * way again, a void answers with the allocation if there is one and otherwise leaves a tombstone that every later
 * allocation request of the key is rejected with (VOIDED). Started once per test JVM, reading from the end of the topics
 * at start.
 */
public final class TestParticipants {

    private static final Logger log = LoggerFactory.getLogger(TestParticipants.class);

    /** What the stand-ins answer for one purchase; tests change it while the saga runs. */
    public static final class Script {
        public volatile Answer debit = Answer.ACCEPT;
        public volatile DebitRejection debitRejection = DebitRejection.INSUFFICIENT_FUNDS;
        public volatile Answer allocation = Answer.ACCEPT;
        public volatile AllocationRejection allocationRejection = AllocationRejection.SOLD_OUT;
        public volatile Answer refund = Answer.ACCEPT;
        /** With {@code allocation} SILENT: the shares are allocated all the same, only the reply is lost. */
        public volatile boolean allocatedUnseen;
        /** ACCEPT answers a void by the lottery's rules; SILENT leaves it unanswered. */
        public volatile Answer voiding = Answer.ACCEPT;
        /** Voids seen for this purchase, answered or not. */
        public final AtomicInteger voidsSeen = new AtomicInteger();
    }

    public enum Answer { ACCEPT, REJECT, SILENT }

    private static TestParticipants instance;

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, DebitWallet> debits = new ConcurrentHashMap<>();
    private final Map<String, SharesAllocated> allocations = new ConcurrentHashMap<>();
    private final Set<String> voided = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextNumber = new AtomicLong(1_000_000);
    private volatile boolean running = true;

    private TestParticipants() {
    }

    public static synchronized TestParticipants start() {
        if (instance == null) {
            instance = new TestParticipants();
            instance.listen(Topics.WALLET_COMMANDS.name(), "test-wallet");
            instance.listen(Topics.LOTTERY_COMMANDS.name(), "test-lottery");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.running = false));
        }
        return instance;
    }

    /** The script for a purchase, created with the defaults (accept everything) on first use. */
    public Script script(String bizId) {
        return scripts.computeIfAbsent(bizId, b -> new Script());
    }

    private void listen(String topic, String name) {
        KafkaConsumer<String, byte[]> consumer = TestKafka.consumer();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: every later command is seen
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (var record : records) {
                        try {
                            answer(TestKafka.CODEC.decode(record.value(), Message.class));
                        } catch (RuntimeException e) {
                            log.error("{} could not answer {}", name, record, e);
                        }
                    }
                    if (!records.isEmpty()) {
                        TestKafka.producer().flush(); // a poll's replies go out together, like a real service's batch
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void answer(Message command) {
        Script script = script(command.bizId());
        if (command instanceof DebitWallet debit) {
            debits.put(command.bizId(), debit);
            switch (script.debit) {
                case ACCEPT -> reply(new WalletDebited(UUID.randomUUID(), 1, debit.bizId(), debit.posId(),
                        debit.correlationId(), Instant.now(), debit.userId(), debit.paymentMethod(), debit.amount(),
                        debit.currency(), debit.freeTries(), 1_000_000));
                case REJECT -> reply(new WalletDebitRejected(UUID.randomUUID(), 1, debit.bizId(), debit.posId(),
                        debit.correlationId(), Instant.now(), debit.userId(), script.debitRejection, "scripted"));
                case SILENT -> { }
            }
        } else if (command instanceof RefundWallet refund) {
            if (script.refund == Answer.SILENT) {
                return;
            }
            DebitWallet debit = debits.get(refund.bizId());
            boolean refunded = debit != null && script.debit == Answer.ACCEPT;
            reply(new WalletRefunded(UUID.randomUUID(), 1, refund.bizId(), refund.posId(), refund.correlationId(),
                    Instant.now(), refund.userId(), refunded,
                    debit == null ? PaymentMethod.MONEY : debit.paymentMethod(),
                    refunded ? debit.amount() : 0, debit == null ? "CNY" : debit.currency(),
                    refunded ? debit.freeTries() : 0, 1_000_000));
        } else if (command instanceof AllocateShares allocate) {
            if (voided.contains(allocate.bizId())) {
                reply(voidedReply(allocate));
                return;
            }
            switch (script.allocation) {
                case ACCEPT -> reply(again(allocations.computeIfAbsent(allocate.bizId(), b -> allocated(allocate))));
                case REJECT -> reply(new AllocationRejected(UUID.randomUUID(), 1, allocate.bizId(), allocate.posId(),
                        allocate.correlationId(), Instant.now(), allocate.userId(), allocate.roundId(),
                        allocate.shares(), script.allocationRejection, "scripted"));
                case SILENT -> {
                    if (script.allocatedUnseen) {
                        allocations.computeIfAbsent(allocate.bizId(), b -> allocated(allocate));
                    }
                }
            }
        } else if (command instanceof VoidAllocation voiding) {
            script.voidsSeen.incrementAndGet();
            if (script.voiding == Answer.SILENT) {
                return;
            }
            SharesAllocated allocation = allocations.get(voiding.bizId());
            if (allocation != null) {
                reply(again(allocation));
            } else {
                voided.add(voiding.bizId());
                reply(voidedReply(voiding.request()));
            }
        }
    }

    private SharesAllocated allocated(AllocateShares allocate) {
        long first = nextNumber.getAndAdd(allocate.shares());
        return new SharesAllocated(UUID.randomUUID(), 1, allocate.bizId(), allocate.posId(), allocate.correlationId(),
                Instant.now(), allocate.userId(), allocate.roundId(), allocate.shares(), first,
                first + allocate.shares() - 1);
    }

    private static SharesAllocated again(SharesAllocated a) {
        return new SharesAllocated(UUID.randomUUID(), a.schemaVersion(), a.bizId(), a.posId(), a.correlationId(),
                a.occurredAt(), a.userId(), a.roundId(), a.shares(), a.firstNumber(), a.lastNumber());
    }

    private static AllocationRejected voidedReply(AllocateShares request) {
        return new AllocationRejected(UUID.randomUUID(), 1, request.bizId(), request.posId(), request.correlationId(),
                Instant.now(), request.userId(), request.roundId(), request.shares(), AllocationRejection.VOIDED,
                "voided before it was decided");
    }

    private static void reply(Message reply) {
        String topic = reply instanceof SharesAllocated || reply instanceof AllocationRejected
                ? Topics.LOTTERY_EVENTS.name() : Topics.WALLET_EVENTS.name();
        TestKafka.producer().send(new ProducerRecord<>(topic, reply.correlationId().toString(),
                TestKafka.CODEC.encode(reply)), (metadata, e) -> {
                    if (e != null) {
                        log.error("could not publish {}", reply, e);
                    }
                });
    }
}
