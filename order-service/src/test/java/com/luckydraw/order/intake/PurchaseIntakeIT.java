package com.luckydraw.order.intake;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.order.Order;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Purchase requests from the topic: one order per key however often it is resent, conflicts dead-lettered. */
class PurchaseIntakeIT extends OrderServiceTestBase {

    private static PurchaseRequested resend(PurchaseRequested original) {
        return new PurchaseRequested(UUID.randomUUID(), 1, original.bizId(), original.posId(), UUID.randomUUID(),
                Instant.now(), original.userId(), original.roundId(), original.shares(), original.pricePerShare(),
                original.currency(), original.paymentMethod());
    }

    @Test
    void sameRequestPublishedFiveTimesAtOnceMakesOneOrderAndOneDebit() throws Exception {
        var original = request(uniqueBizId("resent"), "u-resent", 2, PaymentMethod.MONEY);
        var walletCommands = TestKafka.mark(Topics.WALLET_COMMANDS.name());
        double duplicatesBefore = count("luckydraw.orders.duplicate.requests");

        ExecutorService threads = Executors.newFixedThreadPool(5);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var copy = resend(original); // a new messageId each time, as a terminal's resend has
            sends.add(threads.submit(() -> {
                gate.await();
                TestKafka.publishRequest(copy);
                return null;
            }));
        }
        gate.countDown();
        for (Future<?> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("luckydraw.orders.duplicate.requests") >= duplicatesBefore + 4);
        awaitStatus(original.orderId(), OrderStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE biz_id = ? AND pos_id = ?",
                Long.class, original.bizId(), original.posId())).isEqualTo(1);
        var debits = TestKafka.messages(TestKafka.readSince(walletCommands), DebitWallet.class).stream()
                .filter(d -> d.bizId().equals(original.bizId()) && d.posId().equals(original.posId())).toList();
        assertThat(debits).hasSize(1);
        assertThat(count("luckydraw.orders.duplicate.requests") - duplicatesBefore).isEqualTo(4);
    }

    @Test
    void sameKeyWithAnotherPurchaseIsDeadLetteredWithItsReasonAndChangesNothing() {
        var original = request(uniqueBizId("conflict"), "u-first", 2, PaymentMethod.MONEY);
        TestKafka.publishRequest(original);
        Order accepted = awaitStatus(original.orderId(), OrderStatus.COMPLETED);
        var deadLetters = TestKafka.mark(Topics.PURCHASE_REQUESTS.deadLetter().name());
        double conflictsBefore = count("luckydraw.orders.conflicting.requests");

        var other = PurchaseRequested.of(original.bizId(), original.posId(), "u-second", original.roundId(), 5,
                original.pricePerShare(), original.currency(), PaymentMethod.MONEY);
        TestKafka.publishRequest(other);

        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30), records -> records.stream()
                .anyMatch(r -> TestKafka.CODEC.decode(r.value(), PurchaseRequested.class).messageId()
                        .equals(other.messageId())));
        var deadLetter = read.stream().filter(r -> TestKafka.CODEC.decode(r.value(), PurchaseRequested.class)
                .messageId().equals(other.messageId())).findFirst()
                .orElseThrow(() -> new AssertionError("the conflicting request was not dead-lettered"));
        assertThat(deadLetter.key()).isEqualTo(original.posId() + ":" + original.bizId());
        assertThat(TestKafka.deadLetterReason(deadLetter))
                .contains("PurchaseConflictException")
                .contains("posId/bizId already used for a different purchase: " + original.posId() + "/"
                        + original.bizId())
                .contains("userId u-first (accepted) vs u-second (now)")
                .contains("shares 2 (accepted) vs 5 (now)");
        Order after = orders.findById(accepted.id()).orElseThrow();
        assertThat(after.purchase()).isEqualTo(accepted.purchase());
        assertThat(after.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(after.version()).isEqualTo(accepted.version());
        assertThat(count("luckydraw.orders.conflicting.requests")).isGreaterThan(conflictsBefore);
    }

    @Test
    void requestTheCodecRefusesIsDeadLetteredAndTheNextOneIsPlaced() {
        String bizId = uniqueBizId("invalid");
        var deadLetters = TestKafka.mark(Topics.PURCHASE_REQUESTS.deadLetter().name());
        String zeroShares = TestKafka.CODEC.encodeToString(request(bizId, "u-1", 1, PaymentMethod.MONEY))
                .replace("\"shares\":1", "\"shares\":0");
        var next = request(uniqueBizId("after-invalid"), "u-1", 1, PaymentMethod.MONEY);

        TestKafka.publish(Topics.PURCHASE_REQUESTS.name(), "pos-1:" + bizId, zeroShares.getBytes(StandardCharsets.UTF_8));
        TestKafka.publishRequest(next);

        awaitStatus(next.orderId(), OrderStatus.COMPLETED);
        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> ("pos-1:" + bizId).equals(r.key())));
        assertThat(read).filteredOn(r -> ("pos-1:" + bizId).equals(r.key())).singleElement()
                .satisfies(r -> assertThat(TestKafka.deadLetterReason(r)).contains("shares must be positive, was 0"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE biz_id = ?", Long.class, bizId))
                .isZero();
    }

    @Test
    void twoPurchasesWhoseKeysJoinAlikeWithAColonAreTwoOrdersBothCompleted() {
        String terminal = uniqueBizId("T1");
        String suffix = uniqueBizId("");
        // posId "T:9" + bizId "5x" and posId "T" + bizId "9:5x" read alike once joined by ':'.
        var first = PurchaseRequested.of("5" + suffix, terminal + ":9", "u-colon-1", 7, 1, 100, "CNY", PaymentMethod.MONEY);
        var second = PurchaseRequested.of("9:5" + suffix, terminal, "u-colon-2", 7, 3, 100, "CNY", PaymentMethod.MONEY);
        assertThat(first.orderId()).isNotEqualTo(second.orderId());

        TestKafka.publishRequest(first);
        TestKafka.publishRequest(second);

        Order one = awaitStatus(first.orderId(), OrderStatus.COMPLETED);
        Order two = awaitStatus(second.orderId(), OrderStatus.COMPLETED);
        assertThat(one.key().posId()).isEqualTo(terminal + ":9");
        assertThat(one.purchase().userId()).isEqualTo("u-colon-1");
        assertThat(two.key().bizId()).isEqualTo("9:5" + suffix);
        assertThat(two.purchase().userId()).isEqualTo("u-colon-2");
        assertThat(two.purchase().shares()).isEqualTo(3);
    }

    @Test
    void requestGivingAFieldTwiceIsDeadLetteredWithItsReasonAndPlacesNothing() {
        var request = request(uniqueBizId("twice"), "u-twice", 1, PaymentMethod.MONEY);
        String key = request.posId() + ":" + request.bizId();
        var deadLetters = TestKafka.mark(Topics.PURCHASE_REQUESTS.deadLetter().name());
        // One reader would take 1 share, another 2: the document is ambiguous, so refused.
        String twice = TestKafka.CODEC.encodeToString(request).replace("\"shares\":1", "\"shares\":1,\"shares\":2");
        var next = request(uniqueBizId("after-twice"), "u-twice", 1, PaymentMethod.MONEY);

        TestKafka.publish(Topics.PURCHASE_REQUESTS.name(), key, twice.getBytes(StandardCharsets.UTF_8));
        TestKafka.publishRequest(next);

        awaitStatus(next.orderId(), OrderStatus.COMPLETED);
        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> key.equals(r.key())));
        assertThat(read).filteredOn(r -> key.equals(r.key())).singleElement().satisfies(r -> assertThat(
                TestKafka.deadLetterReason(r)).contains("field 'shares' appears more than once"));
        assertThat(orders.findById(new OrderId(request.orderId()))).isEmpty();
    }

    @Test
    void aSecondPurchaseReusingAMessageIdIsDeadLetteredNotDropped() {
        var first = request(uniqueBizId("id-first"), "u-id", 1, PaymentMethod.MONEY);
        TestKafka.publishRequest(first);
        awaitStatus(first.orderId(), OrderStatus.COMPLETED);
        var deadLetters = TestKafka.mark(Topics.PURCHASE_REQUESTS.deadLetter().name());
        var fresh = request(uniqueBizId("id-second"), "u-id", 2, PaymentMethod.MONEY);
        // Another purchase, but its producer gave it the first one's messageId.
        var reusing = new PurchaseRequested(first.messageId(), 1, fresh.bizId(), fresh.posId(), fresh.correlationId(),
                fresh.occurredAt(), fresh.userId(), fresh.roundId(), fresh.shares(), fresh.pricePerShare(),
                fresh.currency(), fresh.paymentMethod());

        TestKafka.publishRequest(reusing);

        String key = reusing.posId() + ":" + reusing.bizId();
        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> key.equals(r.key())));
        assertThat(read).filteredOn(r -> key.equals(r.key())).singleElement().satisfies(r -> assertThat(
                TestKafka.deadLetterReason(r)).contains("messageId " + first.messageId() + " was applied before")
                .contains("different content"));
        assertThat(orders.findById(new OrderId(reusing.orderId()))).isEmpty();
    }
}
