package com.luckydraw.kafka;

import java.util.Map;
import java.util.function.Function;

/**
 * How many copies of each luckydraw topic the brokers keep, and how many of them must have a record before a
 * producer with {@code acks=all} gets its acknowledgement ({@code min.insync.replicas}). One broker: 1 and 1. Three
 * brokers: 3 and 2, so one broker may be down (a crash, a rolling restart) without stopping any write and without
 * an acknowledged record existing on one disk only. The scripts and harnesses that start a cluster pass 3 and 2;
 * a replication factor above the number of brokers is refused by the broker when the topic is created.
 *
 * <p>Outside Spring (GrantingKafkaAccess, tools) the values come from the system properties
 * {@code luckydraw.kafka.topics.replication-factor} and {@code luckydraw.kafka.topics.min-insync-replicas}, else the
 * variables {@code LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR} and {@code LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS};
 * the services bind the same names as {@code luckydraw.kafka.topics.*}.
 */
public record TopicReplication(int replicationFactor, int minInsyncReplicas) {

    public static final TopicReplication SINGLE_BROKER = new TopicReplication(1, 1);

    public TopicReplication {
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("luckydraw.kafka.topics.replication-factor must be at least 1, was "
                    + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("luckydraw.kafka.topics.min-insync-replicas must be between 1 and the"
                    + " replication factor (" + replicationFactor + "), was " + minInsyncReplicas);
        }
    }

    /** From this JVM's system properties, else its environment; 1 and 1 when neither says. */
    public static TopicReplication fromEnvironment() {
        return from(System.getenv(), System::getProperty);
    }

    static TopicReplication from(Map<String, String> env, Function<String, String> systemProperty) {
        return new TopicReplication(
                number(env, systemProperty, "luckydraw.kafka.topics.replication-factor",
                        "LUCKYDRAW_KAFKA_TOPICS_REPLICATION_FACTOR"),
                number(env, systemProperty, "luckydraw.kafka.topics.min-insync-replicas",
                        "LUCKYDRAW_KAFKA_TOPICS_MIN_INSYNC_REPLICAS"));
    }

    private static int number(Map<String, String> env, Function<String, String> systemProperty, String property,
            String variable) {
        String value = systemProperty.apply(property);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " (" + variable + ") must be a number, was '" + value + "'", e);
        }
    }
}
