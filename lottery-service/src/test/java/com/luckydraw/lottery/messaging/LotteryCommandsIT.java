package com.luckydraw.lottery.messaging;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.lottery.draw.DrawingRound;
import com.luckydraw.lottery.Fixtures;
import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.round.Rounds;
import com.luckydraw.messaging.deadletter.DeadLetters;
import com.luckydraw.messaging.inbox.Inbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lottery over Kafka, as order-service drives it: commands in, replies and draws out, each effect once. */
@LotteryIntegrationTest
class LotteryCommandsIT {

    private static final Duration REPLY = Duration.ofSeconds(30);

    private static LotteryTopics topics;

    @Autowired OpeningRound opening;
    @Autowired Rounds rounds;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    /** After the context started (it creates the topics), before the first test sends anything. */
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

    /** The same command sent again by the saga: same content, a new message id and time. */
    private static AllocateShares resent(AllocateShares c) {
        return new AllocateShares(UUID.randomUUID(), c.schemaVersion(), c.bizId(), c.posId(), c.correlationId(),
                Instant.now(), c.userId(), c.roundId(), c.shares(), c.pricePerShare(), c.currency());
    }

    @Test
    void duplicateDeliveriesMakeOneAllocationAndEveryResendGetsAnIdenticalReply() {
        Round round = Fixtures.openRound(opening, 10);
        AllocateShares command = Fixtures.allocate(round, Fixtures.run() + "-dup", "ann", 3);
        double duplicatesBefore = inbox.duplicatesSkipped();

        // Kafka redelivering one record three times (one message id), then the saga resending twice (new ids).
        topics.send(command, command, command, resent(command), resent(command));

        await().atMost(REPLY).until(() -> inbox.duplicatesSkipped() - duplicatesBefore >= 2);
        List<SharesAllocated> replies = topics.read(SharesAllocated.class, ofOrder(command), REPLY, r -> r.size() >= 3);
        assertThat(replies).hasSize(3);
        assertThat(replies).extracting(SharesAllocated::messageId).doesNotHaveDuplicates();
        assertThat(replies).allSatisfy(r -> assertThat(r).usingRecursiveComparison().ignoringFields("messageId")
                .isEqualTo(replies.get(0)));
        assertThat(replies.get(0).firstNumber()).isEqualTo(10000001L);
        assertThat(replies.get(0).lastNumber()).isEqualTo(10000003L);
        assertThat(replies.get(0).userId()).isEqualTo("ann");
        assertThat(allocationsOf(command)).isEqualTo(1);
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(3);
        // Nothing more comes for the order once the five records are handled.
        assertThat(topics.read(LotteryEvent.class, ofOrder(command), Duration.ofSeconds(2), r -> false)).hasSize(3);
    }

    @Test
    void sameKeyWithAnotherPayloadIsAConflictAndChangesNothing() {
        Round round = Fixtures.openRound(opening, 10);
        AllocateShares original = Fixtures.allocate(round, Fixtures.run() + "-conflict", "ann", 2);
        AllocateShares other = new AllocateShares(UUID.randomUUID(), 1, original.bizId(), original.posId(),
                original.correlationId(), Instant.now(), "ann", round.id().value(), 5, Fixtures.PRICE,
                Fixtures.CURRENCY);

        topics.send(original, other);

        List<LotteryEvent> replies = topics.read(LotteryEvent.class, ofOrder(original), REPLY, r -> r.size() >= 2);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).isInstanceOf(SharesAllocated.class);
        assertThat(replies.get(1)).isInstanceOfSatisfying(AllocationRejected.class, r -> {
            assertThat(r.reason()).isEqualTo(AllocationRejection.IDEMPOTENCY_CONFLICT);
            assertThat(r.detail()).contains(original.bizId()).contains("nothing was changed");
        });
        assertThat(allocationsOf(original)).isEqualTo(1);
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(2);
    }

    @Test
    void sellOutRejectsTheRestPublishesRoundDrawnAndTheDrawCanBeRecomputedFromPublishedData() throws Exception {
        Round round = Fixtures.openRound(opening, 20);
        RestClient anybody = RestClient.builder().baseUrl("http://localhost:" + port).build();
        JsonNode atOpening = anybody.get().uri("/rounds/{id}", round.id().value()).retrieve().body(JsonNode.class);
        String commitment = atOpening.get("seedCommitment").asString();
        assertThat(commitment).matches("[0-9a-f]{64}");
        assertThat(atOpening.get("draw").isNull()).isTrue();
        // The commitment is on Kafka too from the opening on: before any share of the round was sold.
        RoundOpened opened = topics.read(RoundOpened.class, o -> o.roundId() == round.id().value(), REPLY,
                o -> !o.isEmpty()).get(0);
        assertThat(opened.seedCommitment()).isEqualTo(commitment);
        assertThat(opened.correlationId()).isEqualTo(DrawingRound.correlationOf(round));
        assertThat(opened.totalShares()).isEqualTo(20);
        String run = Fixtures.run();
        List<AllocateShares> commands = new ArrayList<>();
        int[] shares = {3, 1, 4, 1, 5, 2, 6, 5, 3};
        for (int i = 0; i < shares.length; i++) {
            commands.add(Fixtures.allocate(round, run + "-" + i, "user-" + i, shares[i]));
        }

        topics.send(commands.toArray(AllocateShares[]::new));

        List<LotteryEvent> replies = topics.read(LotteryEvent.class,
                e -> (e instanceof SharesAllocated || e instanceof AllocationRejected)
                        && e.roundId() == round.id().value(), REPLY,
                r -> r.size() >= commands.size());
        assertThat(replies).hasSize(commands.size());
        // One partition, in order: 3+1+4+1+5+2 = 16, then 6 does not fit (4 left), then 5 does not, then 3 does: 19.
        // No one asks for the last share, so the round is not sold out yet.
        assertThat(replies).filteredOn(SharesAllocated.class::isInstance).hasSize(7);
        assertThat(rounds.get(round.id()).sharesLeft()).isEqualTo(1);
        assertThat(replies).filteredOn(AllocationRejected.class::isInstance)
                .allSatisfy(r -> assertThat(((AllocationRejected) r).reason())
                        .isEqualTo(AllocationRejection.NOT_ENOUGH_SHARES));
        JsonNode beforeTheDraw = anybody.get().uri("/rounds/{id}", round.id().value()).retrieve()
                .body(JsonNode.class);
        assertThat(beforeTheDraw.get("draw").isNull()).as("no seed before the draw").isTrue();
        assertThat(beforeTheDraw.get("seedCommitment").asString()).isEqualTo(commitment);

        AllocateShares last = Fixtures.allocate(round, run + "-last", "zoe", 1);
        AllocateShares tooLate = Fixtures.allocate(round, run + "-late", "max", 1);
        topics.send(last, tooLate);

        List<RoundDrawn> drawn = topics.read(RoundDrawn.class, d -> d.roundId() == round.id().value(), REPLY, d -> !d.isEmpty());
        assertThat(drawn).hasSize(1);
        assertThat(topics.read(SharesAllocated.class, ofOrder(last), REPLY, r -> !r.isEmpty())).singleElement()
                .satisfies(a -> assertThat(a.firstNumber()).isEqualTo(10000020L));
        assertThat(topics.read(AllocationRejected.class, ofOrder(tooLate), REPLY, r -> !r.isEmpty())).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(AllocationRejection.SOLD_OUT));

        RoundDrawn published = drawn.get(0);
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth("test-admin", "test-password")).build();
        JsonNode publicAllocations = anybody.get().uri("/rounds/{id}/allocations", round.id().value()).retrieve()
                .body(JsonNode.class);
        JsonNode publicRound = anybody.get().uri("/rounds/{id}", round.id().value()).retrieve().body(JsonNode.class);
        JsonNode stored = http.get().uri("/admin/rounds/{id}/draw", round.id().value()).retrieve()
                .body(JsonNode.class);
        JsonNode roundView = http.get().uri("/admin/rounds/{id}", round.id().value()).retrieve().body(JsonNode.class);

        // The seed revealed at the draw is the one committed to at the opening.
        String seed = publicRound.get("draw").get("seed").asString();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(seed))))
                .isEqualTo(commitment).isEqualTo(published.seedCommitment()).isEqualTo(opened.seedCommitment());
        assertThat(published.correlationId()).isEqualTo(opened.correlationId());
        assertThat(published.seed()).isEqualTo(seed);
        // Holders are pseudonyms: neither user ids nor bizIds are public.
        assertThat(publicAllocations.toString()).doesNotContain("user-", "zoe", run);
        assertThat(publicAllocations).hasSize(8);

        Recomputed again = recompute(seed, publicAllocations, published.totalShares(), published.firstNumber());
        assertThat(again.digest()).isEqualTo(published.allocationsDigest())
                .isEqualTo(stored.get("allocationsDigest").asString())
                .isEqualTo(publicRound.get("draw").get("allocationsDigest").asString());
        assertThat(again.winningNumber()).isEqualTo(published.winningNumber())
                .isEqualTo(stored.get("winningNumber").asLong())
                .isEqualTo(publicRound.get("draw").get("winningNumber").asLong());
        assertThat(again.winnerUser()).isEqualTo(publicRound.get("draw").get("winnerUser").asString())
                .isEqualTo(pseudonym(seed, published.winnerUserId()))
                .isEqualTo(pseudonym(seed, stored.get("winnerUserId").asString()));
        assertThat(published.totalShares()).isEqualTo(20);
        assertThat(roundView.get("soldShares").asInt()).isEqualTo(20);
        assertThat(roundView.get("status").asString()).isEqualTo("DRAWN");
        assertThat(roundView.get("soldOutAt").isNull()).isFalse();
    }

    @Test
    void unreadableCommandsAreDeadLetteredWithTheirReasonAndTheNextOneIsStillApplied() {
        Round round = Fixtures.openRound(opening, 10);
        String run = Fixtures.run();
        AllocateShares good = Fixtures.allocate(round, run + "-good", "ann", 2);
        AllocateShares template = Fixtures.allocate(round, run + "-bad", "bob", 1);
        byte[] noShares = new MessageCodec().encodeToString(template).replace("\"shares\":1", "\"shares\":0")
                .getBytes(StandardCharsets.UTF_8);
        String key = Long.toString(round.id().value());

        topics.sendRaw(key, noShares);
        topics.sendRaw(key, "not json at all".getBytes(StandardCharsets.UTF_8));
        topics.send(good);

        assertThat(topics.read(SharesAllocated.class, ofOrder(good), REPLY, r -> !r.isEmpty())).singleElement()
                .satisfies(a -> assertThat(a.firstNumber()).isEqualTo(10000001L));
        List<String> reasons = topics.deadLetters(REPLY, d -> d.stream().filter(r -> key.equals(r.key())).count() >= 2)
                .stream().filter(r -> key.equals(r.key()))
                .map(r -> new String(r.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0)).contains("shares");
        assertThat(reasons.get(1)).isNotBlank();
        assertThat(rounds.get(round.id()).soldShares()).isEqualTo(2);
        assertThat(topics.read(LotteryEvent.class, e -> e.correlationId().equals(template.correlationId()),
                Duration.ofSeconds(1), r -> false)).isEmpty();
    }

    private record Recomputed(String digest, long winningNumber, String winnerUser) {
    }

    /** The formula of the README, written again from its text: what anybody can do with the public data. */
    private static Recomputed recompute(String seedHex, JsonNode allocations, int totalShares, long firstNumber)
            throws Exception {
        List<JsonNode> ordered = new ArrayList<>();
        allocations.forEach(ordered::add);
        ordered.sort((a, b) -> Long.compare(a.get("firstNumber").asLong(), b.get("firstNumber").asLong()));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (JsonNode a : ordered) {
            sha256.update((a.get("firstNumber").asLong() + ":" + a.get("lastNumber").asLong() + ":"
                    + a.get("user").asString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        long winning = firstNumber + Long.remainderUnsigned(ByteBuffer.wrap(hmac(seedHex, digest)).getLong(),
                totalShares);
        String winner = ordered.stream().filter(a -> a.get("firstNumber").asLong() <= winning
                && winning <= a.get("lastNumber").asLong()).findFirst().orElseThrow().get("user").asString();
        return new Recomputed(digest, winning, winner);
    }

    private static String pseudonym(String seedHex, String userId) throws Exception {
        return HexFormat.of().formatHex(hmac(seedHex, "user:" + userId)).substring(0, 32);
    }

    private static byte[] hmac(String seedHex, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(seedHex), "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static <T extends LotteryEvent> java.util.function.Predicate<T> ofOrder(AllocateShares command) {
        return e -> e.correlationId().equals(command.correlationId());
    }

    private int allocationsOf(AllocateShares command) {
        return jdbc.sql("SELECT count(*) FROM allocation WHERE biz_id = ? AND pos_id = ?")
                .params(command.bizId(), command.posId()).query(Integer.class).single();
    }
}
