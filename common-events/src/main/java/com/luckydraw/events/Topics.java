package com.luckydraw.events;

import java.time.Duration;
import java.util.List;

/**
 * Every topic of the system, with its key, partitions and retention: the one declaration the services create their
 * topics from. The key decides contention (docs/design.md): a resent purchase meets its original on one partition,
 * one wallet's commands and one round's allocations are handled one after another.
 */
public final class Topics {

    /**
     * First part of every topic name: {@code luckydraw} unless the system property {@code luckydraw.topics.namespace}
     * or the environment variable {@code LUCKYDRAW_TOPICS_NAMESPACE} says otherwise. Each module's tests run in a
     * namespace of their own so they never consume each other's records, nor the demo's.
     */
    public static final String NAMESPACE = namespace();

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
    private static final int PARTITIONS = 6;

    public static final TopicSpec PURCHASE_REQUESTS = new TopicSpec(NAMESPACE + ".purchase.requests", PARTITIONS, WEEK,
            "posId:bizId", "PurchaseRequested from terminals and the HTTP intake");
    public static final TopicSpec WALLET_COMMANDS = new TopicSpec(NAMESPACE + ".wallet.commands", PARTITIONS, WEEK,
            "userId", "DebitWallet, RefundWallet");
    public static final TopicSpec WALLET_EVENTS = new TopicSpec(NAMESPACE + ".wallet.events", PARTITIONS, WEEK,
            "orderId", "WalletDebited, WalletDebitRejected, WalletRefunded");
    public static final TopicSpec LOTTERY_COMMANDS = new TopicSpec(NAMESPACE + ".lottery.commands", PARTITIONS, WEEK,
            "roundId", "AllocateShares, VoidAllocation");
    public static final TopicSpec LOTTERY_EVENTS = new TopicSpec(NAMESPACE + ".lottery.events", PARTITIONS, WEEK,
            "orderId (roundId for RoundOpened and RoundDrawn)",
            "SharesAllocated, AllocationRejected, RoundOpened, RoundDrawn");
    public static final TopicSpec ORDER_EVENTS = new TopicSpec(NAMESPACE + ".order.events", PARTITIONS, WEEK,
            "orderId", "OrderCompleted, OrderCancelled");

    /** order-service's terminal registry, for the services that let terminals log in (wallet-service). */
    public static final TopicSpec TERMINAL_EVENTS = new TopicSpec(NAMESPACE + ".terminal.events", PARTITIONS, MONTH,
            "posId", "TerminalRegistered, TerminalRevoked");

    /** Topics that carry the system's messages; each has a dead-letter topic beside it. */
    public static final List<TopicSpec> MAIN = List.of(PURCHASE_REQUESTS, WALLET_COMMANDS, WALLET_EVENTS,
            LOTTERY_COMMANDS, LOTTERY_EVENTS, ORDER_EVENTS, TERMINAL_EVENTS);

    private Topics() {
    }

    private static String namespace() {
        String configured = System.getProperty("luckydraw.topics.namespace",
                System.getenv().getOrDefault("LUCKYDRAW_TOPICS_NAMESPACE", "luckydraw"));
        if (!configured.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalStateException("topic namespace must be lower-case letters, digits and '-': " + configured);
        }
        return configured;
    }

    /** Suffix of dead-letter topics: {@code luckydraw.wallet.commands.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /**
     * Headers a consumer adds to the records it dead-letters (common-messaging's DeadLetters), read by the operators'
     * tools: what is wrong, in words, and which consumer (service) refused the record.
     */
    public static final String DEAD_LETTER_REASON_HEADER = "luckydraw-dlt-reason";
    public static final String DEAD_LETTER_CONSUMER_HEADER = "luckydraw-dlt-consumer";

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The main topics and their dead-letter topics: what a broker needs before the services start. */
    public static List<TopicSpec> all() {
        return MAIN.stream().flatMap(t -> List.of(t, t.deadLetter()).stream()).toList();
    }

    /** One topic: name, what its key is, partitions and how long records are kept. */
    public record TopicSpec(String name, int partitions, Duration retention, String key, String carries) {

        /** Dead letters keep the original key; one partition is enough and keeps them in arrival order. */
        public TopicSpec deadLetter() {
            return new TopicSpec(deadLetterOf(name), 1, MONTH, key, "records of " + name + " that could not be accepted,"
                    + " with their original bytes, headers and the reason");
        }
    }
}
