package com.luckydraw.events;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.AllocationRejection;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every message type has a JSON Schema in docs/schemas, named after its record ({@code DebitWallet}:
 * {@code debit-wallet.schema.json}), and it describes exactly what {@link MessageCodec} writes: the same fields, all
 * required, no others, with the limits the records enforce. Checked by the networknt validator, with formats
 * (date-time, uuid) asserted.
 */
class MessageSchemasTest {

    private static final Path SCHEMAS = Path.of("..", "docs", "schemas");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MessageCodec CODEC = new MessageCodec();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final UUID ORDER = OrderIds.of("pos-1", "biz-1");
    private static final Instant AT = Instant.parse("2026-01-01T10:00:00.123456789Z");

    /** Real messages of every type, in each shape a producer writes (both payment methods, the nullable fields null). */
    static Stream<Message> messages() {
        String seed = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        return Stream.of(
                PurchaseRequested.of("biz-1", "pos-1", "u-1", 7, 2, 150, "CNY", PaymentMethod.MONEY),
                PurchaseRequested.of("B.1_x:y", "P-9", "user:42", 9_000_000_000L, 10_000, 1, "USD",
                        PaymentMethod.FREE_TRIES),
                new OrderCompleted(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", 7, 2, PaymentMethod.MONEY,
                        300, 10_000_001, 10_000_002),
                new OrderCancelled(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", 7, "SOLD_OUT"),
                TerminalRegistered.of("pos-1", "ab".repeat(32), 1, AT),
                TerminalRevoked.of("pos-1", 2, AT),
                DebitWallet.money("biz-1", "pos-1", ORDER, "u-1", 300, "CNY"),
                DebitWallet.freeTries("biz-1", "pos-1", ORDER, "u-1", 2, "CNY"),
                RefundWallet.of("biz-1", "pos-1", ORDER, "u-1", "SOLD_OUT"),
                new WalletDebited(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", PaymentMethod.MONEY, 300,
                        "CNY", 0, 700),
                new WalletDebitRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1",
                        DebitRejection.INSUFFICIENT_FUNDS, "balance 100 < 300"),
                new WalletDebitRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1",
                        DebitRejection.CONTENDED, null),
                new WalletRefunded(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", true,
                        PaymentMethod.FREE_TRIES, 0, "CNY", 2, 700),
                new WalletRefunded(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", false, null, 0, null, 0,
                        0),
                AllocateShares.of("biz-1", "pos-1", ORDER, "u-1", 7, 2, 150, "CNY"),
                VoidAllocation.of(AllocateShares.of("biz-1", "pos-1", ORDER, "u-1", 7, 2, 150, "CNY")),
                new SharesAllocated(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", 7, 2, 10_000_001,
                        10_000_002),
                new AllocationRejected(UUID.randomUUID(), 1, "biz-1", "pos-1", ORDER, AT, "u-1", 7, 2,
                        AllocationRejection.SOLD_OUT, null),
                RoundOpened.of(7, 3, 10, 10_000_001, 150, "CNY", RoundDrawn.sha256Hex(seed), AT),
                new RoundDrawn(UUID.randomUUID(), RoundDrawn.SCHEMA_VERSION, "draw-7", "lottery", UUID.randomUUID(), AT,
                        7, 3, 10, 10_000_001, "cd".repeat(32), 10_000_004, "u-1", RoundDrawn.sha256Hex(seed), seed));
    }

    private static String fileName(Class<?> type) {
        return type.getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase() + ".schema.json";
    }

    private static JsonNode schemaNode(Class<?> type) throws IOException {
        return JSON.readTree(Files.readString(SCHEMAS.resolve(fileName(type))));
    }

    private static Schema schema(Class<?> type) throws IOException {
        return REGISTRY.getSchema(schemaNode(type));
    }

    private static List<String> violations(Class<?> type, JsonNode message) throws IOException {
        List<Error> errors = schema(type).validate(message,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }

    /** The message records of common-events, found in its compiled classes: a new one cannot be missed. */
    private static Set<Class<?>> messageRecords() throws IOException, URISyntaxException {
        Path classes = Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", ""))
                    .map(MessageSchemasTest::load)
                    .filter(c -> c.isRecord() && Message.class.isAssignableFrom(c))
                    .collect(Collectors.toCollection(() -> new TreeSet<>(java.util.Comparator.comparing(Class::getName))));
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, MessageSchemasTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyMessageTypeHasASchemaAndASampleCheckedHere() throws Exception {
        Set<Class<?>> records = messageRecords();
        assertThat(records).hasSizeGreaterThanOrEqualTo(15);

        for (Class<?> type : records) {
            assertThat(SCHEMAS.resolve(fileName(type))).as("schema of " + type.getSimpleName()).exists();
        }
        assertThat(messages().map(Object::getClass).collect(Collectors.toSet()))
                .as("a real message of every type is checked").containsAll(records);
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no schema without its message")
                    .containsExactlyInAnyOrderElementsOf(records.stream().map(MessageSchemasTest::fileName).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void whatTheCodecWritesIsValidAgainstItsSchema(Message message) throws Exception {
        JsonNode encoded = JSON.readTree(CODEC.encode(message));

        assertThat(violations(message.getClass(), encoded)).as(encoded.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void eachSchemaIsStrictAndNamesExactlyTheRecordsFields(Message message) throws Exception {
        JsonNode schema = schemaNode(message.getClass());
        Set<String> fields = new TreeSet<>(Arrays.stream(message.getClass().getRecordComponents())
                .map(c -> c.getName()).toList());
        fields.add("type");

        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                .as("additionalProperties: false").isTrue();
        assertThat(schema.path("required").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(schema.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(schema.path("properties").path("schemaVersion").path("const").asInt())
                .isEqualTo(message.schemaVersion());

        ObjectNode extra = (ObjectNode) JSON.readTree(CODEC.encode(message));
        extra.put("note", "x");
        assertThat(violations(message.getClass(), extra)).as("a field the record does not have").isNotEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "shares         | 0",
            "shares         | 10001",
            "shares         | 2.5",
            "pricePerShare  | 0",
            "pricePerShare  | 1000000000001",
            "roundId        | 0",
            "bizId          | \"\"",
            "bizId          | \"a b\"",
            "posId          | \"-pos\"",
            "userId         | \"u'1\"",
            "currency       | \"cny\"",
            "paymentMethod  | \"CREDIT\"",
            "schemaVersion  | 2",
            "type           | \"OrderCompleted\"",
            "messageId      | \"not-a-uuid\"",
            "occurredAt     | \"yesterday\"",
            "currency       | null"})
    void whatThePurchaseSchemaRefusesTheCodecRefusesToo(String field, String json) throws Exception {
        ObjectNode message = (ObjectNode) JSON.readTree(CODEC.encode(PurchaseRequested.of("biz-1", "pos-1", "u-1", 7,
                2, 150, "CNY", PaymentMethod.MONEY)));
        message.set(field, JSON.readTree(json));

        assertThat(violations(PurchaseRequested.class, message)).as("schema").isNotEmpty();
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), PurchaseRequested.class))
                .as("codec").isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aMissingFieldIsRefusedByTheSchemaAndTheCodec() throws Exception {
        ObjectNode message = (ObjectNode) JSON.readTree(CODEC.encode(DebitWallet.money("biz-1", "pos-1", ORDER, "u-1",
                300, "CNY")));
        message.remove("currency");

        assertThat(violations(DebitWallet.class, message)).anySatisfy(v -> assertThat(v).contains("currency"));
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), DebitWallet.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("currency");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MONEY with no amount             | MONEY      | 0   | 0",
            "MONEY with free tries as well    | MONEY      | 300 | 1",
            "FREE_TRIES with no tries         | FREE_TRIES | 0   | 0",
            "FREE_TRIES with an amount as well | FREE_TRIES | 300 | 2"})
    void aDebitPaysEitherMoneyOrFreeTriesAsTheRecordDemands(String what, String method, long amount, int tries)
            throws Exception {
        ObjectNode message = (ObjectNode) JSON.readTree(CODEC.encode(DebitWallet.money("biz-1", "pos-1", ORDER, "u-1",
                300, "CNY")));
        message.put("paymentMethod", method).put("amount", amount).put("freeTries", tries);

        assertThat(violations(DebitWallet.class, message)).as("schema").isNotEmpty();
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), DebitWallet.class))
                .as("codec").isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aDrawsSeedAndCommitmentAreLowerCaseHexAsTheRecordDemands() throws Exception {
        String seed = "ab".repeat(32);
        ObjectNode message = (ObjectNode) JSON.readTree(CODEC.encode(new RoundDrawn(UUID.randomUUID(),
                RoundDrawn.SCHEMA_VERSION, "draw-7", "lottery", UUID.randomUUID(), AT, 7, 3, 10, 10_000_001, "digest",
                10_000_001, "u-1", RoundDrawn.sha256Hex(seed), seed)));
        message.put("seed", seed.toUpperCase());

        assertThat(violations(RoundDrawn.class, message)).as("schema").isNotEmpty();
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), RoundDrawn.class))
                .as("codec").isInstanceOf(InvalidMessageException.class);
    }
}
