package com.luckydraw.lottery.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LotteryInstance;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.allocation.AllocatingShares;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two deliveries of one command applied at the same moment by two instances (as after a rebalance, or when one
 * instance's round lock expired) race on the decision's primary key: the loser must be answered like the winner,
 * never dead-lettered.
 */
@LotteryIntegrationTest
class KeyRaceIT {

    private static final MessageCodec CODEC = new MessageCodec();

    private static LotteryInstance second;

    @Autowired LotteryCommandsListener firstListener;
    @Autowired AllocatingShares allocating;
    @Autowired OpeningRound opening;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    @BeforeAll
    static void startSecondInstance() {
        // Round locks of its own in Redis: the two instances meet only in the database, as when a lease expired.
        second = LotteryInstance.start(Map.of("luckydraw.lottery.lock.key-prefix",
                "luckydraw-test:key-race:" + UUID.randomUUID() + ":"));
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    @Test
    void twoDeliveriesOfOneCommandThatBothDecideSoldOutAreBothAnsweredWithTheRejection() throws Exception {
        Round round = Fixtures.openRound(opening, 1);
        String run = Fixtures.run();
        allocating.allocate(List.of(Fixtures.allocate(round, run + "-buyer", "u-buyer", 1))); // sold out
        AllocateShares command = Fixtures.allocate(round, run + "-late", "u-late", 1);
        AllocateShares resent = new AllocateShares(UUID.randomUUID(), command.schemaVersion(), command.bizId(),
                command.posId(), command.correlationId(), Instant.now(), command.userId(), command.roundId(),
                command.shares(), command.pricePerShare(), command.currency());

        try (LotteryTopics topics = new LotteryTopics();
                Connection gate = dataSource.getConnection()) {
            // Both deliveries read the round and the decisions, then wait here to insert their rejection: the two
            // inserts then meet on its primary key, whichever instance comes first.
            gate.setAutoCommit(false);
            try (Statement lock = gate.createStatement()) {
                lock.execute("LOCK TABLE allocation_rejection IN SHARE MODE");
            }
            ExecutorService threads = Executors.newFixedThreadPool(2);
            Future<?> one = threads.submit(() -> firstListener.onCommands(List.of(record(command, 1))));
            Future<?> two = threads.submit(() -> second.bean(LotteryCommandsListener.class)
                    .onCommands(List.of(record(resent, 2))));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnRejections() == 2);
            gate.commit();
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
            threads.shutdown();

            List<String> replies = jdbc.sql("""
                    SELECT payload FROM outbox_message WHERE message_type = 'AllocationRejected' AND message_key = ?
                    """).param(command.correlationId().toString()).query(String.class).list();
            assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply).contains("\"reason\":\"SOLD_OUT\""));
            assertThat(jdbc.sql("SELECT count(*) FROM allocation_rejection WHERE biz_id = ? AND pos_id = ?")
                    .params(command.bizId(), command.posId()).query(Long.class).single()).isEqualTo(1);
            assertThat(topics.deadLetters(Duration.ofSeconds(3), d -> false))
                    .noneMatch(r -> Long.toString(command.roundId()).equals(r.key()));
        }
    }

    private long waitingOnRejections() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE c.relname = 'allocation_rejection' AND NOT l.granted
                """).query(Long.class).single();
    }

    private static ConsumerRecord<String, byte[]> record(AllocateShares command, long offset) {
        return new ConsumerRecord<>(Topics.LOTTERY_COMMANDS.name(), 0, offset, Long.toString(command.roundId()),
                CODEC.encode(command));
    }
}
