package com.luckydraw.messaging;

import com.luckydraw.events.Topics;
import com.luckydraw.events.Topics.TopicSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the messaging library, under {@code luckydraw.messaging}.
 *
 * @param consumer       name under which this service's inbox records what it applied (usually the service name)
 * @param relayBatchSize outbox rows claimed and sent per relay round
 * @param relaySweep     how often the relay looks for rows even without a wake-up (after a crash, or from another
 *                       instance's commits)
 * @param sendTimeout    how long the relay waits for the broker to acknowledge a batch before trying again
 * @param keepPublished  how long published outbox rows stay for operators, counted from their commit, before being
 *                       purged
 * @param keepInbox      how long inbox entries stay before being purged; longer than every topic keeps its records
 *                       (refused otherwise), so a replay of a topic always finds the entries of what it brings back;
 *                       older messages are answered by the business keys (docs/design.md)
 * @param createTopics   whether to create the catalogue's topics at start-up
 * @param offsetCommitInterval how often consumers commit their offsets (also on rebalance and stop); zero commits
 *                       after every batch. The inbox, not the offset, makes a redelivery harmless, so a longer interval
 *                       only means more redelivered (and skipped) records after a crash
 * @param outboxMaxUnsentAge how old the oldest unsent outbox row may be before the outbox health (part of readiness)
 *                       says OUT_OF_SERVICE: past it the service's answers are not leaving (broker away, relay stuck)
 */
@ConfigurationProperties("luckydraw.messaging")
public record MessagingProperties(
        String consumer,
        @DefaultValue("500") int relayBatchSize,
        @DefaultValue("500ms") Duration relaySweep,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("7d") Duration keepPublished,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("1s") Duration offsetCommitInterval,
        @DefaultValue("2m") Duration outboxMaxUnsentAge,
        @DefaultValue("35d") Duration keepInbox) {

    @ConstructorBinding
    public MessagingProperties {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("luckydraw.messaging.consumer must name this service");
        }
        if (relayBatchSize < 1) {
            throw new IllegalArgumentException("luckydraw.messaging.relay-batch-size must be positive");
        }
        if (offsetCommitInterval.isNegative()) {
            throw new IllegalArgumentException("luckydraw.messaging.offset-commit-interval must not be negative");
        }
        if (outboxMaxUnsentAge == null || outboxMaxUnsentAge.isNegative() || outboxMaxUnsentAge.isZero()) {
            throw new IllegalArgumentException("luckydraw.messaging.outbox-max-unsent-age must be positive");
        }
        Duration topicRetention = Topics.MAIN.stream().map(TopicSpec::retention).max(Duration::compareTo)
                .orElseThrow();
        if (keepInbox.compareTo(topicRetention) <= 0) {
            throw new IllegalArgumentException("luckydraw.messaging.keep-inbox (" + keepInbox + ") must be longer than"
                    + " the topics' retention (" + topicRetention + "): a replay would find no inbox entry");
        }
    }

    /** Settings with the default outbox age limit and inbox retention. */
    public MessagingProperties(String consumer, int relayBatchSize, Duration relaySweep, Duration sendTimeout,
            Duration keepPublished, boolean createTopics, Duration offsetCommitInterval) {
        this(consumer, relayBatchSize, relaySweep, sendTimeout, keepPublished, createTopics, offsetCommitInterval,
                Duration.ofMinutes(2), Duration.ofDays(35));
    }
}
