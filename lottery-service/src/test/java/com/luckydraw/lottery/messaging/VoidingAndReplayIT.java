package com.luckydraw.lottery.messaging;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.messaging.inbox.InboxPurge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The void of an allocation request (the saga's way out of an allocation it never heard back from) and a replay
 * older than the inbox's retention, over Kafka: the (bizId, posId) key decides, never the message id alone.
 */
@LotteryIntegrationTest
class VoidingAndReplayIT {

    private static final Duration REPLY = Duration.ofSeconds(30);

    private static LotteryTopics topics;

    @Autowired OpeningRound opening;
    @Autowired Rounds rounds;
    @Autowired InboxPurge inboxPurge;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void connect() {
        if (topics == null) {
            topics = new LotteryTopics();
        }
    }

    @AfterAll
    static void disconnect() {
        if (topics != null) {
            topics.close();
            topics = null;
        }
    }

    private static AllocateShares resent(AllocateShares c) {
        return new AllocateShares(UUID.randomUUID(), c.schemaVersion(), c.bizId(), c.posId(), c.correlationId(),
                Instant.now(), c.userId(), c.roundId(), c.shares(), c.pricePerShare(), c.currency());
    }

    @Test
    void aVoidBeforeTheAllocationLeavesATombstoneSoALaterAllocateSharesNeverAllocates() {
        Round round = Fixtures.openRound(opening, 10);
        AllocateShares command = Fixtures.allocate(round, Fixtures.run() + "-void-first", "vera", 2);

        topics.send(VoidAllocation.of(command));
        List<AllocationRejected> voided = topics.read(AllocationRejected.class, ofOrder(command), REPLY,
                r -> !r.isEmpty());
        // The allocation request, arriving after the void (sent before it, delayed), and a resend of it.
        topics.send(command, resent(command));

        List<LotteryEvent> replies = topics.read(LotteryEvent.class, ofOrder(command), REPLY, r -> r.size() >= 3);
        assertThat(voided).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(AllocationRejection.VOIDED));
        assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(AllocationRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(AllocationRejection.VOIDED)));
        assertThat(allocationsOf(command)).isZero();
        assertThat(rounds.get(round.id()).soldShares()).isZero();
    }

    @Test
    void aVoidAfterTheAllocationIsAnsweredWithTheAllocation() {
        Round round = Fixtures.openRound(opening, 10);
        AllocateShares command = Fixtures.allocate(round, Fixtures.run() + "-void-late", "walt", 3);

        topics.send(command);
        SharesAllocated allocated = topics.read(SharesAllocated.class, ofOrder(command), REPLY, r -> !r.isEmpty())
                .get(0);
        topics.send(VoidAllocation.of(command));

        List<LotteryEvent> replies = topics.read(LotteryEvent.class, ofOrder(command), REPLY, r -> r.size() >= 2);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1)).isInstanceOfSatisfying(SharesAllocated.class, again -> assertThat(again)
                .usingRecursiveComparison().ignoringFields("messageId").isEqualTo(allocated));
        assertThat(allocationsOf(command)).isEqualTo(1);
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(3);
    }

    @Test
    void aReplayOlderThanTheInboxRetentionHasNoSecondEffectAndGetsTheOriginalAnswer() {
        Round round = Fixtures.openRound(opening, 10);
        AllocateShares command = Fixtures.allocate(round, Fixtures.run() + "-replay", "rita", 4);
        topics.send(command);
        SharesAllocated original = topics.read(SharesAllocated.class, ofOrder(command), REPLY, r -> !r.isEmpty())
                .get(0);

        // Time passes beyond keep-inbox: the purge removes the entry of the applied command.
        inboxPurge.purgeReceivedBefore(Instant.now().plusSeconds(1), 1000);
        assertThat(jdbc.sql("SELECT count(*) FROM inbox_message WHERE message_id = ?").param(command.messageId())
                .query(Integer.class).single()).isZero();
        // The very same record again (same message id), as a replay of an old offset would bring it.
        topics.send(command);

        List<SharesAllocated> replies = topics.read(SharesAllocated.class, ofOrder(command), REPLY,
                r -> r.size() >= 2);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1)).usingRecursiveComparison().ignoringFields("messageId").isEqualTo(original);
        assertThat(allocationsOf(command)).isEqualTo(1);
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(4);
    }

    private static <T extends LotteryEvent> Predicate<T> ofOrder(AllocateShares command) {
        return e -> e.correlationId().equals(command.correlationId());
    }

    private int allocationsOf(AllocateShares command) {
        return jdbc.sql("SELECT count(*) FROM allocation WHERE biz_id = ? AND pos_id = ?")
                .params(command.bizId(), command.posId()).query(Integer.class).single();
    }
}
