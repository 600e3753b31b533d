package com.luckydraw.e2e;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records no producer of the system would send, typed into Kafka's console producer on each topic a service
 * consumes. Each lands on {@code <topic>.dlt} with its original bytes and key, the consumer that refused it and a
 * reason that says what is wrong; the consumer goes on (a good record on the same partition, sent after them, is
 * applied); and nothing else changes: no order, ledger entry or allocation for any of them, balances and rounds moved
 * by the good record only.
 */
@E2eTest
class BadRecordsOnKafkaE2eTest {

    private static final long PRICE = 1_00;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void badPurchaseRequestsAreDeadLetteredWithTheirReasonAndTheNextPurchaseCompletes(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(100, PRICE);
        PurchaseRequested good = Purchases.request(user, round, 2, PRICE, PaymentMethod.MONEY);
        // Every bad record shares the good one's key: one partition, so the good one is read after all of them.
        String key = good.posId() + ":" + good.bizId();
        List<String> badBizIds = new ArrayList<>();
        Variant bad = change -> {
            String bizId = Purchases.id("dl");
            badBizIds.add(bizId);
            ObjectNode node = tree(PurchaseRequested.of(bizId, good.posId(), user, round, 2, PRICE, "CNY",
                    PaymentMethod.MONEY));
            change.accept(node);
            return JSON.writeValueAsString(node);
        };
        String valid = bad.json(n -> { });
        List<TypedRecord> records = List.of(
                new TypedRecord("malformed JSON", key, valid.substring(0, valid.length() - 12), "malformed JSON"),
                new TypedRecord("not an object", key, "[\"PurchaseRequested\",\"" + Purchases.id("dl") + "\"]",
                        "expected a JSON object"),
                new TypedRecord("empty value", key, "", "empty record"),
                new TypedRecord("no type", key, bad.json(n -> n.remove("type")), "field 'type' is missing"),
                new TypedRecord("unknown type", key, bad.json(n -> n.put("type", "PurchaseEverything")),
                        "unknown message type 'PurchaseEverything'"),
                new TypedRecord("missing shares", key, bad.json(n -> n.remove("shares")), "field 'shares' is missing"),
                new TypedRecord("missing userId", key, bad.json(n -> n.remove("userId")), "field 'userId' is missing"),
                new TypedRecord("zero shares", key, bad.json(n -> n.put("shares", 0)), "shares must be positive, was 0"),
                new TypedRecord("negative shares", key, bad.json(n -> n.put("shares", -3)),
                        "shares must be positive, was -3"),
                new TypedRecord("huge shares", key, bad.json(n -> n.put("shares", 10_001)),
                        "shares must be at most 10000, was 10001"),
                new TypedRecord("shares beyond int", key, bad.json(n -> n.put("shares", 99_999_999_999L)),
                        "out of range"),
                new TypedRecord("fractional shares", key, bad.json(n -> n.put("shares", 2.5)), "shares"),
                new TypedRecord("zero price", key, bad.json(n -> n.put("pricePerShare", 0)),
                        "pricePerShare must be positive, was 0"),
                new TypedRecord("negative price", key, bad.json(n -> n.put("pricePerShare", -100)),
                        "pricePerShare must be positive, was -100"),
                new TypedRecord("huge price", key, bad.json(n -> n.put("pricePerShare", 1_000_000_000_001L)),
                        "pricePerShare must be at most 1000000000000, was 1000000000001"),
                new TypedRecord("price beyond long", key,
                        bad.json(n -> n.put("pricePerShare", new java.math.BigInteger("99999999999999999999"))),
                        "out of range"),
                new TypedRecord("shares x price too big", key, bad.json(n -> {
                    n.put("shares", 10_000);
                    n.put("pricePerShare", 900_000_000_000L);
                }), "price of the purchase (shares x pricePerShare) must be at most"),
                new TypedRecord("oversize payload", key, bad.json(n -> n.put("note", "x".repeat(70_000))),
                        "is larger than the limit of " + MessageCodec.MAX_BYTES),
                new TypedRecord("SQL in bizId", key, bad.json(n -> n.put("bizId", "x'; DROP TABLE orders; --")),
                        "bizId must be 1-64 characters"),
                new TypedRecord("control character in posId", key, bad.json(n -> n.put("posId", "pos\u0007\u0000e2e")),
                        "posId must be 1-64 characters"),
                new TypedRecord("raw control character in the JSON", key,
                        bad.json(n -> n.put("userId", "RAWCTL")).replace("RAWCTL", "u\u0001x"), "malformed JSON"),
                new TypedRecord("newer schema version", key, bad.json(n -> n.put("schemaVersion", 2)),
                        "unsupported schemaVersion 2"),
                new TypedRecord("wrong topic: a DebitWallet", key, json(DebitWallet.money(Purchases.id("dl"),
                        "pos-e2e", UUID.randomUUID(), user, 200, "CNY")),
                        "message type DebitWallet does not belong here: expected PurchaseRequested"));
        var deadLetters = DeadLettersSince.of(system, Topics.PURCHASE_REQUESTS.name());

        ConsoleProducer.send(system, Topics.PURCHASE_REQUESTS.name(),
                append(records, new TypedRecord("the good one", key, json(good), "")));

        TestDatabases.Order order = Orders.ended(system, good);
        assertThat(order.status()).isEqualTo("COMPLETED");
        deadLetters.holdExactly(records, "order-service");
        assertThat(badBizIds).allSatisfy(bizId -> assertThat(system.read.orders(bizId, good.posId())).isEmpty());
        assertThat(system.read.balance(user)).isEqualTo(100_00 - 2 * PRICE);
        assertThat(system.read.round(round).soldShares()).isEqualTo(2);
    }

    @Test
    void aPurchaseReusingAnotherPurchasesKeyIsDeadLetteredAndTheFirstOrderStaysAsItWas(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(100, PRICE);
        PurchaseRequested first = system.purchases.publish(Purchases.request(user, round, 2, PRICE,
                PaymentMethod.MONEY));
        assertThat(Orders.ended(system, first).status()).isEqualTo("COMPLETED");
        PurchaseRequested other = new PurchaseRequested(UUID.randomUUID(), 1, first.bizId(), first.posId(),
                UUID.randomUUID(), first.occurredAt(), user, round, 9, PRICE, "CNY", PaymentMethod.MONEY);
        var deadLetters = DeadLettersSince.of(system, Topics.PURCHASE_REQUESTS.name());
        var refused = new TypedRecord("key of another purchase", first.posId() + ":" + first.bizId(), json(other),
                "posId/bizId already used for a different purchase");

        ConsoleProducer.send(system, Topics.PURCHASE_REQUESTS.name(), List.of(refused));

        deadLetters.holdExactly(List.of(refused), "order-service");
        TestDatabases.Order order = Orders.ended(system, first);
        assertThat(order.shares()).isEqualTo(2);
        assertThat(system.read.orders(first.bizId(), first.posId())).hasSize(1);
        assertThat(system.read.ledger(first.bizId(), first.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 2 * PRICE));
        assertThat(system.read.balance(user)).isEqualTo(100_00 - 2 * PRICE);
        assertThat(system.read.round(round).soldShares()).isEqualTo(2);
    }

    @Test
    void badWalletCommandsAreDeadLetteredAndTheWalletMovesOnlyForTheNextPurchase(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(100, PRICE);
        List<String> badBizIds = new ArrayList<>();
        Variant bad = change -> {
            String bizId = Purchases.id("dl");
            badBizIds.add(bizId);
            ObjectNode node = tree(DebitWallet.money(bizId, "pos-e2e", UUID.randomUUID(), user, 3 * PRICE, "CNY"));
            change.accept(node);
            return JSON.writeValueAsString(node);
        };
        String valid = bad.json(n -> { });
        // Keyed by the user, as the saga keys its commands: the purchase's own DebitWallet comes after them.
        List<TypedRecord> records = List.of(
                new TypedRecord("malformed JSON", user, valid.substring(0, valid.length() - 1), "malformed JSON"),
                new TypedRecord("missing amount", user, bad.json(n -> n.remove("amount")), "field 'amount' is missing"),
                new TypedRecord("zero amount", user, bad.json(n -> n.put("amount", 0)), "amount must be positive, was 0"),
                new TypedRecord("negative amount", user, bad.json(n -> n.put("amount", -500)),
                        "amount must be positive, was -500"),
                new TypedRecord("huge amount", user, bad.json(n -> n.put("amount", 1_000_000_000_001L)),
                        "amount must be at most 1000000000000"),
                new TypedRecord("free tries and money at once", user, bad.json(n -> n.put("freeTries", 2)),
                        "freeTries must be 0 when paying with MONEY, was 2"),
                new TypedRecord("zero free tries", user, bad.json(n -> {
                    n.put("paymentMethod", "FREE_TRIES");
                    n.put("amount", 0);
                    n.put("freeTries", 0);
                }), "freeTries must be positive, was 0"),
                new TypedRecord("unknown payment method", user, bad.json(n -> n.put("paymentMethod", "CREDIT")),
                        "'paymentMethod'"),
                new TypedRecord("SQL in bizId", user, bad.json(n -> n.put("bizId", "1 OR 1=1; DELETE FROM wallet")),
                        "bizId must be 1-64 characters"),
                new TypedRecord("control character in posId", user, bad.json(n -> n.put("posId", "pos\u001b[2J")),
                        "posId must be 1-64 characters"),
                new TypedRecord("oversize payload", user, bad.json(n -> n.put("note", "y".repeat(100_000))),
                        "is larger than the limit of " + MessageCodec.MAX_BYTES),
                new TypedRecord("newer schema version", user, bad.json(n -> n.put("schemaVersion", 3)),
                        "unsupported schemaVersion 3"),
                new TypedRecord("wrong topic: an AllocateShares", user, json(AllocateShares.of(Purchases.id("dl"),
                        "pos-e2e", UUID.randomUUID(), user, round, 2, PRICE, "CNY")),
                        "message type AllocateShares does not belong here: expected WalletCommand"));
        var deadLetters = DeadLettersSince.of(system, Topics.WALLET_COMMANDS.name());

        ConsoleProducer.send(system, Topics.WALLET_COMMANDS.name(), records);
        PurchaseRequested good = system.purchases.publish(Purchases.request(user, round, 2, PRICE,
                PaymentMethod.MONEY));

        assertThat(Orders.ended(system, good).status()).isEqualTo("COMPLETED");
        deadLetters.holdExactly(records, "wallet-service");
        assertThat(badBizIds).allSatisfy(bizId -> assertThat(system.read.ledger(bizId, "pos-e2e")).isEmpty());
        assertThat(system.read.balance(user)).isEqualTo(100_00 - 2 * PRICE);
    }

    @Test
    void badLotteryCommandsAreDeadLetteredAndTheRoundSellsOnlyTheNextPurchase(E2eSystem system) {
        var operators = new Operators(system);
        String user = operators.walletWith(100_00);
        long round = operators.roundOf(100, PRICE);
        String key = Long.toString(round);
        List<String> badBizIds = new ArrayList<>();
        Variant bad = change -> {
            String bizId = Purchases.id("dl");
            badBizIds.add(bizId);
            ObjectNode node = tree(AllocateShares.of(bizId, "pos-e2e", UUID.randomUUID(), user, round, 2, PRICE,
                    "CNY"));
            change.accept(node);
            return JSON.writeValueAsString(node);
        };
        String valid = bad.json(n -> { });
        List<TypedRecord> records = List.of(
                new TypedRecord("malformed JSON", key, "{" + valid, "malformed JSON"),
                new TypedRecord("missing shares", key, bad.json(n -> n.remove("shares")), "field 'shares' is missing"),
                new TypedRecord("missing roundId", key, bad.json(n -> n.remove("roundId")), "field 'roundId' is missing"),
                new TypedRecord("zero shares", key, bad.json(n -> n.put("shares", 0)), "shares must be positive, was 0"),
                new TypedRecord("negative shares", key, bad.json(n -> n.put("shares", -1)),
                        "shares must be positive, was -1"),
                new TypedRecord("huge shares", key, bad.json(n -> n.put("shares", 1_000_000)),
                        "shares must be at most 10000, was 1000000"),
                new TypedRecord("negative round", key, bad.json(n -> n.put("roundId", -7)),
                        "roundId must be positive, was -7"),
                new TypedRecord("huge price", key, bad.json(n -> n.put("pricePerShare", 5_000_000_000_000L)),
                        "pricePerShare must be at most 1000000000000"),
                new TypedRecord("SQL in bizId", key, bad.json(n -> n.put("bizId", "'); UPDATE round SET sold=0; --")),
                        "bizId must be 1-64 characters"),
                new TypedRecord("control character in posId", key, bad.json(n -> n.put("posId", "\tpos")),
                        "posId must be 1-64 characters"),
                new TypedRecord("oversize payload", key, bad.json(n -> n.put("note", "z".repeat(65_536))),
                        "is larger than the limit of " + MessageCodec.MAX_BYTES),
                new TypedRecord("newer schema version", key, bad.json(n -> n.put("schemaVersion", 2)),
                        "unsupported schemaVersion 2"),
                new TypedRecord("wrong topic: a DebitWallet", key, json(DebitWallet.money(Purchases.id("dl"),
                        "pos-e2e", UUID.randomUUID(), user, 200, "CNY")),
                        "message type DebitWallet does not belong here: expected LotteryCommand"));
        var deadLetters = DeadLettersSince.of(system, Topics.LOTTERY_COMMANDS.name());

        ConsoleProducer.send(system, Topics.LOTTERY_COMMANDS.name(), records);
        PurchaseRequested good = system.purchases.publish(Purchases.request(user, round, 3, PRICE,
                PaymentMethod.MONEY));

        assertThat(Orders.ended(system, good).status()).isEqualTo("COMPLETED");
        deadLetters.holdExactly(records, "lottery-service");
        assertThat(badBizIds).allSatisfy(bizId -> assertThat(system.read.allocation(bizId, "pos-e2e")).isEmpty());
        assertThat(system.read.round(round).soldShares()).isEqualTo(3);
        assertThat(system.read.balance(user)).isEqualTo(100_00 - 3 * PRICE);
    }

    /** A valid message (with a fresh bizId) as JSON, changed in one way. */
    @FunctionalInterface
    interface Variant {
        String json(Consumer<ObjectNode> change);
    }

    private static ObjectNode tree(com.luckydraw.events.Message message) {
        return (ObjectNode) JSON.readTree(CODEC.encode(message));
    }

    private static String json(com.luckydraw.events.Message message) {
        return CODEC.encodeToString(message);
    }

    private static List<TypedRecord> append(List<TypedRecord> records, TypedRecord last) {
        return Stream.concat(records.stream(), Stream.of(last)).toList();
    }
}
