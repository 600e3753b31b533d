package com.luckydraw.e2e;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.deadletter.DeadLetter;
import com.luckydraw.infra.deadletter.DeadLettersCommand;
import com.luckydraw.infra.deadletter.RepublishingDeadLetter;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's way back from the dead-letter topic ({@code infra/bin/dead-letters}, docs/operations.md): a
 * terminal's purchase with a lower-case currency is refused; the operator lists it, saves its payload, fixes it and
 * republishes it. The fixed value no longer matches the terminal's signature, so it is refused again and changes
 * nothing (an operator cannot buy for a terminal); the terminal's corrected resend then completes, once, and the
 * audit is clean.
 */
@E2eTest
class DeadLetterRepublishE2eTest {

    private static final long PRICE = 2_00;
    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void aRefusedPurchaseFixedByTheOperatorIsRefusedAsUnsignedAndTheTerminalsResendCompletesOnce(E2eSystem system,
            @TempDir Path dir)
            throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(50_00);
        long round = operators.roundOf(50, PRICE);
        PurchaseRequested intended = Purchases.request(user, round, 4, PRICE, PaymentMethod.MONEY);
        String key = intended.posId() + ":" + intended.bizId();
        String sent = CODEC.encodeToString(intended).replace("\"currency\":\"CNY\"", "\"currency\":\"cny\"");
        String topic = Topics.PURCHASE_REQUESTS.name();
        var deadLetters = DeadLettersSince.of(system, topic);

        ConsoleProducer.send(system, topic, List.of(new TypedRecord("lower-case currency", key, sent,
                "currency must be an ISO 4217 code like CNY, was 'cny'")));
        deadLetters.holdExactly(List.of(new TypedRecord("lower-case currency", key, sent,
                "currency must be an ISO 4217 code like CNY, was 'cny'")), "order-service");
        long offset = deadLetters.now().get(0).offset();
        assertThat(Orders.now(system, intended)).isEmpty();

        // What the operator types (docs/operations.md, "Dead letters").
        Operator listed = operator(system, "list", topic, "--from-offset", Long.toString(offset));
        assertThat(listed.out).contains("offset " + offset).contains("key:      " + key)
                .contains("consumer: order-service")
                .contains("reason:   PurchaseRequested: currency must be an ISO 4217 code like CNY, was 'cny'")
                .contains("source:   " + topic + "-");
        Operator shown = operator(system, "show", topic, "--offset", Long.toString(offset));
        Path fixed = Files.writeString(dir.resolve("fixed.json"),
                shown.out.replace("\"currency\":\"cny\"", "\"currency\":\"CNY\""));
        Operator republished = operator(system, "republish", topic, "--offset", Long.toString(offset),
                "--value-file", fixed.toString());
        assertThat(republished.out).contains("republished " + Topics.deadLetterOf(topic) + "-0@" + offset)
                .contains("key " + key).contains("to " + topic + "-");

        List<DeadLetter> refusedAgain = await("the fixed record refused for its signature")
                .atMost(Duration.ofSeconds(60)).until(deadLetters::now, letters -> letters.size() == 2);
        assertThat(refusedAgain.get(1).reason()).startsWith("signature wrong: the MAC does not match");
        assertThat(Orders.now(system, intended)).isEmpty();

        system.purchases.publish(Purchases.resend(intended));
        TestDatabases.Order order = Orders.ended(system, intended);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(system.read.orders(intended.bizId(), intended.posId())).hasSize(1);
        assertThat(system.read.ledger(intended.bizId(), intended.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 4 * PRICE));
        assertThat(system.read.balance(user)).isEqualTo(50_00 - 4 * PRICE);
        assertThat(system.read.round(round).soldShares()).isEqualTo(4);
        assertThat(deadLetters.now()).as("the resend is not refused").hasSize(2);
    }

    @Test
    void republishingAnUnfixedRecordDeadLettersItAgainAndChangesNothing(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(10_00);
        long round = operators.roundOf(50, PRICE);
        PurchaseRequested intended = Purchases.request(user, round, 1, PRICE, PaymentMethod.MONEY);
        String key = intended.posId() + ":" + intended.bizId();
        String sent = CODEC.encodeToString(intended).replace("\"shares\":1", "\"shares\":0");
        String topic = Topics.PURCHASE_REQUESTS.name();
        var deadLetters = DeadLettersSince.of(system, topic);
        var refused = new TypedRecord("zero shares", key, sent, "shares must be positive, was 0");
        ConsoleProducer.send(system, topic, List.of(refused));
        deadLetters.holdExactly(List.of(refused), "order-service");
        long offset = deadLetters.now().get(0).offset();

        operator(system, "republish", topic, "--offset", Long.toString(offset));

        List<DeadLetter> letters = await("the republished record refused again").atMost(Duration.ofSeconds(60))
                .until(deadLetters::now, l -> l.size() == 2);
        DeadLetter again = letters.get(1);
        assertThat(again.value()).isEqualTo(sent.getBytes(StandardCharsets.UTF_8));
        assertThat(again.key()).isEqualTo(key);
        assertThat(again.reason()).contains("shares must be positive, was 0");
        assertThat(again.headers().stream().map(Header::key))
                .contains(RepublishingDeadLetter.REPUBLISHED_FROM_HEADER);
        assertThat(Orders.now(system, intended)).isEmpty();
        assertThat(system.read.balance(user)).isEqualTo(10_00);
    }

    private record Operator(String out) {
    }

    /** {@code infra/bin/dead-letters <args>}: the script runs this class with these arguments. */
    private static Operator operator(E2eSystem system, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] withBroker = Stream.concat(Arrays.stream(args), Stream.of("--bootstrap-server", system.bootstrap))
                .toArray(String[]::new);
        int code = new DeadLettersCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(withBroker);
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println("$ infra/bin/dead-letters " + String.join(" ", args) + "\n" + printed);
        assertThat(code).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        return new Operator(printed);
    }
}
