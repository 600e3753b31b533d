package com.luckydraw.order.intake;

import com.luckydraw.events.Checks;
import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/purchase-requested.schema.json describes what MessageCodec writes and reads: the same fields, required, and
 * the same limits. Checked with a small evaluator of the keywords the schema uses (no validator library here).
 */
class PurchaseRequestedSchemaTest {

    private static final Path SCHEMA = Path.of("..", "docs", "purchase-requested.schema.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MessageCodec CODEC = new MessageCodec();

    private static JsonNode schema() throws Exception {
        return JSON.readTree(Files.readString(SCHEMA));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }

    private static ObjectNode sample() {
        return (ObjectNode) JSON.readTree(CODEC.encode(PurchaseRequested.of("biz-1", "pos-1", "u-1", 7, 2, 150, "CNY",
                PaymentMethod.MONEY)));
    }

    @Test
    void schemaIsDraft2020AndRequiresExactlyTheRecordsComponentsAndType() throws Exception {
        JsonNode schema = schema();
        Set<String> components = new HashSet<>(Arrays.stream(PurchaseRequested.class.getRecordComponents())
                .map(c -> c.getName()).toList());
        components.add("type");

        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(strings(schema.path("required"))).isEqualTo(components);
        assertThat(schema.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(components);
        // What the codec writes is exactly what the schema names.
        assertThat(sample().propertyNames()).containsExactlyInAnyOrderElementsOf(components);
    }

    @Test
    void limitsAreTheMessagesOwn() throws Exception {
        JsonNode properties = schema().path("properties");
        assertThat(properties.path("shares").path("maximum").asLong()).isEqualTo(Checks.MAX_SHARES);
        assertThat(properties.path("pricePerShare").path("maximum").asLong()).isEqualTo(Checks.MAX_AMOUNT);
        assertThat(properties.path("schemaVersion").path("const").asInt()).isEqualTo(PurchaseRequested.SCHEMA_VERSION);
        assertThat(strings(properties.path("paymentMethod").path("enum")))
                .isEqualTo(Set.of(Arrays.stream(PaymentMethod.values()).map(Enum::name).toArray(String[]::new)));
    }

    @Test
    void whatTheCodecWritesIsValid() throws Exception {
        assertThat(violations(schema(), sample())).isEmpty();
        var freeTries = (ObjectNode) JSON.readTree(CODEC.encode(PurchaseRequested.of("B.1_x:y", "P-9", "user:42",
                9_000_000_000L, 10_000, 1, "USD", PaymentMethod.FREE_TRIES)));
        assertThat(violations(schema(), freeTries)).isEmpty();
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
            "occurredAt     | \"yesterday\""})
    void whatTheSchemaRefusesTheCodecRefusesToo(String field, String json) throws Exception {
        ObjectNode message = sample();
        message.set(field, JSON.readTree(json));

        assertThat(violations(schema(), message)).as("schema").isNotEmpty();
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), PurchaseRequested.class))
                .as("codec").isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void missingFieldIsRefusedByBoth() throws Exception {
        ObjectNode message = sample();
        message.remove("currency");

        assertThat(violations(schema(), message)).contains("currency: required");
        assertThatThrownBy(() -> CODEC.decode(JSON.writeValueAsBytes(message), PurchaseRequested.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("currency");
    }

    // ------------------------------------------------------------ the keywords this schema uses, nothing more

    private static List<String> violations(JsonNode schema, JsonNode message) {
        List<String> found = new ArrayList<>();
        schema.path("required").forEach(r -> {
            if (!message.has(r.asString())) {
                found.add(r.asString() + ": required");
            }
        });
        for (String field : schema.path("properties").propertyNames()) {
            if (message.has(field)) {
                check(schema, resolve(schema, schema.path("properties").path(field)), field, message.get(field), found);
            }
        }
        return found;
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node.has("$ref")) {
            String name = node.path("$ref").asString().replace("#/$defs/", "");
            return root.path("$defs").path(name);
        }
        return node;
    }

    private static void check(JsonNode root, JsonNode rule, String field, JsonNode value, List<String> found) {
        if (rule.has("const") && !rule.get("const").equals(value)) {
            found.add(field + ": not " + rule.get("const"));
        }
        if (rule.has("enum") && !strings(rule.get("enum")).contains(value.asString())) {
            found.add(field + ": not one of " + rule.get("enum"));
        }
        String type = rule.path("type").asString("");
        if (type.equals("string") && !value.isString()) {
            found.add(field + ": not a string");
            return;
        }
        if (type.equals("integer") && !value.isIntegralNumber()) {
            found.add(field + ": not an integer");
            return;
        }
        if (rule.has("minimum") && value.asLong() < rule.get("minimum").asLong()) {
            found.add(field + ": below " + rule.get("minimum"));
        }
        if (rule.has("maximum") && value.isIntegralNumber() && value.bigIntegerValue()
                .compareTo(rule.get("maximum").bigIntegerValue()) > 0) {
            found.add(field + ": above " + rule.get("maximum"));
        }
        if (rule.has("pattern") && !Pattern.compile(rule.get("pattern").asString()).matcher(value.asString()).find()) {
            found.add(field + ": does not match " + rule.get("pattern").asString());
        }
        String format = rule.path("format").asString("");
        try {
            if (format.equals("date-time")) {
                Instant.parse(value.asString());
            } else if (format.equals("uuid")) {
                UUID.fromString(value.asString());
            }
        } catch (RuntimeException e) {
            found.add(field + ": not a " + format);
        }
    }
}
