package com.luckydraw.e2e;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.deadletter.DeadLetter;
import com.luckydraw.infra.timeline.TimelineCommand;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's timeline ({@code infra/bin/timeline}, docs/operations.md) of purchases that went through the real
 * services: one that order-service refused at the door, and one that completed. What it prints comes from what the
 * services wrote themselves: their dead letters with their own reason and name, their rows, their records.
 */
@E2eTest
class PurchaseTimelineE2eTest {

    private static final long PRICE = 2_00;
    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void aPurchaseAlteredAfterItWasSignedShowsOrderServicesDeadLetterWithItsReasonAndNoOrder(E2eSystem system)
            throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(10_00);
        long round = operators.roundOf(50, PRICE);
        PurchaseRequested signed = Purchases.request(user, round, 1, PRICE, PaymentMethod.MONEY);
        PurchaseRequested altered = new PurchaseRequested(signed.messageId(), signed.schemaVersion(), signed.bizId(),
                signed.posId(), signed.correlationId(), signed.occurredAt(), signed.userId(), signed.roundId(), 4,
                signed.pricePerShare(), signed.currency(), signed.paymentMethod());
        var deadLetters = DeadLettersSince.of(system, Topics.PURCHASE_REQUESTS.name());

        // The terminal's signature over one share, on a record asking for four: sent with the terminal's own login.
        ProducerRecord<String, byte[]> record = system.terminals.signed(Topics.PURCHASE_REQUESTS.name(),
                signed.posId(), signed.bizId(), CODEC.encode(signed));
        try (var terminal = Purchases.producer(system.bootstrap)) {
            terminal.send(new ProducerRecord<>(record.topic(), null, record.key(), CODEC.encode(altered),
                    record.headers())).get(30, TimeUnit.SECONDS);
        }

        DeadLetter refused = await("order-service dead-letters the altered purchase").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(deadLetters::now, letters -> !letters.isEmpty()).get(0);
        assertThat(refused.key()).isEqualTo(signed.posId() + ":" + signed.bizId());
        assertThat(refused.reason()).contains("signature wrong: the MAC does not match");

        Timeline timeline = timeline(system, signed.posId(), signed.bizId());

        assertThat(timeline.code()).as(timeline.output()).isZero();
        assertThat(timeline.output())
                .contains("kafka purchase.requests", "PurchaseRequested", "shares=4", "signed=yes")
                .contains("kafka purchase.requests.dlt", "dead letter", "reason: " + refused.reason(),
                        "refused by=order-service",
                        "record=" + refused.topic() + "-" + refused.partition() + "@" + refused.offset())
                .as("no order, no saga: nothing was accepted")
                .doesNotContain("created PENDING").doesNotContain("DebitWallet").doesNotContain("ledger");
        assertThat(Orders.now(system, signed)).isEmpty();
        assertThat(system.read.balance(user)).isEqualTo(10_00);
    }

    @Test
    void aCompletedPurchaseShowsItsRequestTheSagasCommandsAndRepliesTheStatesTheDebitAndTheShares(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(10_00);
        long round = operators.roundOf(50, PRICE);
        PurchaseRequested request = system.purchases.publish(Purchases.request(user, round, 3, PRICE,
                PaymentMethod.MONEY));
        assertThat(Orders.ended(system, request).status()).isEqualTo("COMPLETED");
        var allocation = system.read.allocation(request.bizId(), request.posId()).orElseThrow();

        // OrderCompleted leaves order-service's outbox after the COMPLETED commit: wait until the topic has it.
        Timeline timeline = await("the timeline to show the OrderCompleted record").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> timeline(system, request.posId(), request.bizId()),
                        t -> t.output().contains("kafka order.events"));

        assertThat(timeline.code()).as(timeline.output()).isZero();
        String output = timeline.output();
        // The request comes first; the states follow each other. Records and rows of different processes keep
        // their causal order too, but a Kafka timestamp has only milliseconds, so they are checked for presence.
        assertThat(output.lines().skip(1).findFirst()).hasValueSatisfying(first -> assertThat(first)
                .contains("kafka purchase.requests", "PurchaseRequested", "shares=3"));
        assertThat(output).containsSubsequence("PurchaseRequested", "created PENDING", "PENDING -> PAID", "PAID -> COMPLETED");
        assertThat(output).contains("signed=yes")
                .contains("kafka wallet.commands", "DebitWallet")
                .contains("DEBIT " + 3 * PRICE + " of " + user + ", balance after " + (10_00 - 3 * PRICE))
                .contains("kafka wallet.events", "WalletDebited")
                .contains("kafka lottery.commands", "AllocateShares")
                .contains("3 shares of round " + round + ", numbers " + allocation.firstNumber() + "-"
                        + allocation.lastNumber())
                .contains("kafka lottery.events", "SharesAllocated")
                .contains("kafka order.events", "OrderCompleted")
                .doesNotContain("dead letter").doesNotContain("not sent yet");
    }


    private record Timeline(int code, String output) {
    }

    /** {@code infra/bin/timeline <posId> <bizId>}: the script runs this class, here on the suite's databases. */
    private static Timeline timeline(E2eSystem system, String posId, String bizId) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Map.of("AUDIT_WALLET_URL", system.databases.walletUrl(),
                "AUDIT_LOTTERY_URL", system.databases.lotteryUrl(), "AUDIT_ORDERS_URL", system.databases.ordersUrl(),
                "AUDITOR_DB_USER", system.databases.user(), "AUDITOR_DB_PASSWORD", system.databases.password(),
                "KAFKA_BOOTSTRAP_SERVERS", system.bootstrap, "LUCKYDRAW_TOPICS_NAMESPACE", system.namespace));
        var out = new ByteArrayOutputStream();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = TimelineCommand.run(new String[] {posId, bizId}, env, print, print);
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println("$ infra/bin/timeline " + posId + " " + bizId + "\n" + printed);
        return new Timeline(code, printed);
    }
}
