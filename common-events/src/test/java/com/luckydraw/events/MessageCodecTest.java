package com.luckydraw.events;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.lottery.LotteryCommand;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.WalletCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    private static final String PURCHASE = """
            {"type":"PurchaseRequested","schemaVersion":1,
             "messageId":"6f1c1f9e-7a43-4a0e-9d55-0e1f3d7b9a01","correlationId":"0b7f6b0c-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
             "bizId":"biz-1","posId":"pos-7","occurredAt":"2026-11-23T01:02:03Z",
             "userId":"u-1","roundId":42,"shares":3,"pricePerShare":100,"currency":"CNY","paymentMethod":"MONEY"}
            """;

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String purchaseWith(String field, String rawValue) {
        return PURCHASE.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+)", java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + rawValue));
    }

    private static String purchaseWithout(String field) {
        return PURCHASE.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+),?", "");
    }

    @Test
    void aRoundDrawnWhoseSeedIsNotItsCommitmentOrOfTheFirstVersionIsRefused() {
        String seed = "00".repeat(32);
        var drawn = new RoundDrawn(UUID.randomUUID(), 2, "draw-42", "lottery", UUID.randomUUID(), Instant.now(), 42, 7,
                100, 10000001, "ab12", 10000050, "u-9", RoundDrawn.sha256Hex(seed), seed);
        String json = codec.encodeToString(drawn);

        assertThatThrownBy(() -> codec.decode(bytes(json.replace(seed, "01".repeat(32))), Message.class))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("seedCommitment is not the SHA-256 of seed");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"schemaVersion\":2", "\"schemaVersion\":1")),
                Message.class)).isInstanceOf(InvalidMessageException.class).hasMessageContaining("schemaVersion 1");
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        UUID order = OrderIds.of("pos-7", "biz-1");
        var debit = DebitWallet.money("biz-1", "pos-7", order, "u-1", 300, "CNY");
        var allocate = AllocateShares.of("biz-1", "pos-7", order, "u-1", 42, 3, 100, "CNY");
        var purchase = PurchaseRequested.of("biz-1", "pos-7", "u-1", 42, 3, 100, "CNY", PaymentMethod.MONEY);
        String seed = "00".repeat(32);
        var drawn = new RoundDrawn(UUID.randomUUID(), 2, "draw-42", "lottery", UUID.randomUUID(), Instant.now(), 42, 7,
                100, 10000001, "ab12", 10000050, "u-9", RoundDrawn.sha256Hex(seed), seed);

        assertThat(codec.decode(codec.encode(debit), WalletCommand.class)).isEqualTo(debit);
        assertThat(codec.decode(codec.encode(allocate), LotteryCommand.class)).isEqualTo(allocate);
        var voiding = VoidAllocation.of(allocate);
        assertThat(codec.decode(codec.encode(voiding), LotteryCommand.class)).isEqualTo(voiding);
        assertThat(codec.decode(codec.encode(purchase), PurchaseRequested.class)).isEqualTo(purchase);
        assertThat(codec.decode(codec.encode(drawn), Message.class)).isEqualTo(drawn);
    }

    @Test
    void wireFormatNamesTheTypeAndWritesTimesAsIsoText() {
        var debit = DebitWallet.money("biz-1", "pos-7", UUID.randomUUID(), "u-1", 300, "CNY");
        String json = codec.encodeToString(debit);
        assertThat(json).startsWith("{\"type\":\"DebitWallet\"");
        assertThat(json).contains("\"occurredAt\":\"" + debit.occurredAt() + "\"");
    }

    @Test
    void theTypeIsWrittenOnceBeforeTheFields() {
        var purchase = PurchaseRequested.of("biz-1", "pos-7", "u-1", 42, 3, 100, "CNY", PaymentMethod.MONEY);
        String json = codec.encodeToString(purchase);
        assertThat(json).startsWith("{\"type\":\"PurchaseRequested\",\"").endsWith("}");
        assertThat(json.split("\"type\"", -1)).hasSize(2);
    }

    @Test
    void theTypeMayComeAnywhereInTheRecord() {
        String typeLast = PURCHASE.replace("\"type\":\"PurchaseRequested\",", "")
                .replace("\"paymentMethod\":\"MONEY\"", "\"paymentMethod\":\"MONEY\",\"type\":\"PurchaseRequested\"");
        assertThat(codec.decode(bytes(typeLast), PurchaseRequested.class))
                .isEqualTo(codec.decode(bytes(PURCHASE), PurchaseRequested.class));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shares        | \"3\"",
            "roundId       | \"42\"",
            "pricePerShare | true",
            "schemaVersion | \"1\""})
    void numbersWrittenAsTextOrBooleansAreRefusedWhereverTheTypeIs(String field, String value) {
        String typeFirst = purchaseWith(field, value);
        String typeLast = typeFirst.replace("\"type\":\"PurchaseRequested\",", "")
                .replace("\"paymentMethod\":\"MONEY\"", "\"paymentMethod\":\"MONEY\",\"type\":\"PurchaseRequested\"");
        for (String json : new String[] {typeFirst, typeLast}) {
            assertThatThrownBy(() -> codec.decode(bytes(json), PurchaseRequested.class))
                    .isInstanceOf(InvalidMessageException.class).hasMessageContaining(field);
        }
    }

    @Test
    void unknownFieldsAreTolerated() {
        String withExtra = PURCHASE.replace("\"shares\":3", "\"shares\":3,\"promotion\":\"black-friday\"");
        assertThat(codec.decode(bytes(withExtra), PurchaseRequested.class).shares()).isEqualTo(3);
    }

    @Test
    void missingFieldIsNamed() {
        assertThatThrownBy(() -> codec.decode(bytes(purchaseWithout("userId")), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessage("PurchaseRequested: field 'userId' is missing");
        assertThatThrownBy(() -> codec.decode(bytes(purchaseWithout("shares")), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessage("PurchaseRequested: field 'shares' is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shares       | \"three\"     | shares",
            "shares       | 2.5           | shares",
            "roundId      | \"r-1\"       | roundId",
            "messageId    | \"not-a-uuid\"| messageId",
            "occurredAt   | \"yesterday\" | occurredAt",
            "paymentMethod| \"CASH\"      | paymentMethod",
            "paymentMethod| 0             | paymentMethod"})
    void wrongTypeIsNamed(String field, String value, String expectedInMessage) {
        assertThatThrownBy(() -> codec.decode(bytes(purchaseWith(field, value)), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining(expectedInMessage);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shares        | 0                        | shares must be positive",
            "shares        | -4                       | shares must be positive",
            "shares        | 100000                   | shares must be at most",
            "pricePerShare | 0                        | pricePerShare must be positive",
            "pricePerShare | 99999999999999999        | pricePerShare must be at most",
            "bizId         | \"x'; DROP TABLE orders\"| bizId must be",
            "posId         | \"pos\\u0000-1\"         | posId must be",
            "currency      | \"yuan\"                 | currency"})
    void valuesTheMessageRefusesAreExplained(String field, String value, String expectedInMessage) {
        assertThatThrownBy(() -> codec.decode(bytes(purchaseWith(field, value)), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining(expectedInMessage);
    }

    @Test
    void unknownVersionIsRefused() {
        String v2 = PURCHASE.replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> codec.decode(bytes(v2), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("unsupported schemaVersion 2");
        assertThatThrownBy(() -> codec.decode(bytes(purchaseWithout("schemaVersion")), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("schemaVersion' is missing");
    }

    @Test
    void unknownOrMisplacedTypeIsRefused() {
        assertThatThrownBy(() -> codec.decode(bytes(PURCHASE.replace("PurchaseRequested", "PurchaseWished")),
                PurchaseRequested.class)).hasMessageContaining("unknown message type 'PurchaseWished'");
        assertThatThrownBy(() -> codec.decode(bytes(PURCHASE), WalletCommand.class))
                .hasMessageContaining("does not belong here");
        assertThatThrownBy(() -> codec.decode(bytes(PURCHASE.replace("\"type\":\"PurchaseRequested\",", "")),
                PurchaseRequested.class)).hasMessageContaining("'type' is missing");
    }

    @Test
    void malformedEmptyAndOversizeRecordsAreRefused() {
        assertThatThrownBy(() -> codec.decode(bytes("{\"type\":"), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> codec.decode(bytes("[1,2]"), PurchaseRequested.class))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> codec.decode(new byte[0], PurchaseRequested.class)).hasMessageContaining("empty");
        byte[] huge = new byte[MessageCodec.MAX_BYTES + 1];
        assertThatThrownBy(() -> codec.decode(huge, PurchaseRequested.class)).hasMessageContaining("larger than");
    }

    @Test
    void orderIdIsTheSameForEveryResend() {
        assertThat(OrderIds.of("pos-7", "biz-1")).isEqualTo(OrderIds.of("pos-7", "biz-1"))
                .isNotEqualTo(OrderIds.of("pos-7", "biz-2"));
        var first = codec.decode(bytes(PURCHASE), PurchaseRequested.class);
        assertThat(first.orderId()).isEqualTo(OrderIds.of("pos-7", "biz-1"));
    }

    @Test
    void ordersOfPurchasesWhoseKeysJoinAlikeAreDifferent() {
        // "T1:9" + ":" + "5" and "T1" + ":" + "9:5" are the same text.
        assertThat(OrderIds.of("T1:9", "5")).isNotEqualTo(OrderIds.of("T1", "9:5"));
        assertThat(OrderIds.of("a:b", "c:d")).isNotEqualTo(OrderIds.of("a", "b:c:d")).isNotEqualTo(OrderIds.of("a:b:c", "d"));
    }

    @Test
    void orderIdsOfKeysWithoutAColonKeepTheFormulaTheirStoredOrdersWereNamedBy() {
        assertThat(OrderIds.of("pos-7", "biz-1")).isEqualTo(
                UUID.nameUUIDFromBytes("luckydraw-order:pos-7:biz-1".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shares|2",
            "type|\"PurchaseRequested\"",
            "posId|\"pos-8\""})
    void aFieldGivenTwiceIsRefusedAndNamed(String field, String secondValue) {
        // Both the one-pass path (type first) and the tree path (type last) refuse it.
        String typeFirst = PURCHASE.replace("\"currency\"", "\"" + field + "\":" + secondValue + ",\"currency\"");
        String typeLast = PURCHASE.replace("\"type\":\"PurchaseRequested\",", "")
                .replace("\"paymentMethod\"", "\"" + field + "\":" + secondValue + ",\"type\":\"PurchaseRequested\",\"paymentMethod\"");
        for (String json : new String[] {typeFirst, typeLast}) {
            assertThatThrownBy(() -> codec.decode(bytes(json), PurchaseRequested.class))
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("field '" + field + "' appears more than once");
        }
    }

    @Test
    void topicCatalogueDeclaresADeadLetterTopicForEveryTopic() {
        assertThat(Topics.all()).hasSize(Topics.MAIN.size() * 2);
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name)
                .contains(Topics.NAMESPACE + ".wallet.commands", Topics.NAMESPACE + ".wallet.commands.dlt")
                .doesNotHaveDuplicates();
    }
}
