package com.luckydraw.events;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * JSON for every message: {@code {"type":"DebitWallet","schemaVersion":1,...}}. Unknown fields are tolerated so a
 * producer may add fields before consumers know them; a missing or mistyped field, an unknown type or version, or a
 * value a message refuses is an {@link InvalidMessageException} that says which.
 */
public final class MessageCodec {

    /** Largest record accepted; anything bigger is refused before parsing. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Map<String, Class<? extends Message>> TYPES = Arrays.<Class<? extends Message>>asList(
                    PurchaseRequested.class, OrderCompleted.class, OrderCancelled.class,
                    DebitWallet.class, RefundWallet.class, WalletDebited.class, WalletDebitRejected.class,
                    WalletRefunded.class,
                    AllocateShares.class, SharesAllocated.class, AllocationRejected.class, RoundDrawn.class)
            .stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private static final Map<Class<? extends Message>, Integer> VERSIONS = TYPES.values().stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), MessageCodec::supportedVersion));

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public byte[] encode(Message message) {
        ObjectNode node = json.createObjectNode();
        node.put("type", message.type());
        node.setAll((ObjectNode) json.valueToTree(message));
        return json.writeValueAsBytes(node);
    }

    public String encodeToString(Message message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /** Reads a message that must be one of {@code expected} (a record or a family interface such as WalletCommand). */
    public <T extends Message> T decode(byte[] bytes, Class<T> expected) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidMessageException("empty record: expected a JSON object");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidMessageException("record of " + bytes.length + " bytes is larger than the limit of "
                    + MAX_BYTES);
        }
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidMessageException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidMessageException("expected a JSON object");
        }
        Class<? extends Message> type = typeOf(tree, expected);
        checkVersion(tree, type);
        ObjectNode fields = (ObjectNode) tree; // ours alone: no copy needed to drop the type
        fields.remove("type");
        try {
            return expected.cast(json.treeToValue(fields, type));
        } catch (MismatchedInputException e) {
            throw new InvalidMessageException(type.getSimpleName() + ": " + describe(e), e);
        } catch (JacksonException e) {
            throw new InvalidMessageException(type.getSimpleName() + ": " + rootMessage(e), e);
        }
    }

    private Class<? extends Message> typeOf(JsonNode tree, Class<?> expected) {
        JsonNode type = tree.get("type");
        if (type == null || type.isNull()) {
            throw new InvalidMessageException("field 'type' is missing");
        }
        if (!type.isString()) {
            throw new InvalidMessageException("field 'type' must be a string");
        }
        Class<? extends Message> known = TYPES.get(type.asString());
        if (known == null) {
            throw new InvalidMessageException("unknown message type '" + type.asString() + "'");
        }
        if (!expected.isAssignableFrom(known)) {
            throw new InvalidMessageException("message type " + known.getSimpleName() + " does not belong here: expected "
                    + expected.getSimpleName());
        }
        return known;
    }

    private void checkVersion(JsonNode tree, Class<? extends Message> type) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidMessageException(type.getSimpleName() + ": field 'schemaVersion' is missing");
        }
        if (!version.isIntegralNumber()) {
            throw new InvalidMessageException(type.getSimpleName() + ": field 'schemaVersion' must be an integer");
        }
        int supported = VERSIONS.get(type);
        if (version.asInt() != supported) {
            throw new InvalidMessageException(type.getSimpleName() + ": unsupported schemaVersion " + version.asString()
                    + " (this consumer reads version " + supported + ")");
        }
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (e instanceof InvalidFormatException bad) {
            return "field '" + path + "' has an invalid value '" + bad.getValue() + "' for "
                    + bad.getTargetType().getSimpleName();
        }
        String message = e.getOriginalMessage();
        // Jackson 2 wrote "Missing required creator property", Jackson 3 writes "Missing creator property".
        if (message != null && (message.startsWith("Missing required creator property")
                || message.startsWith("Missing creator property"))) {
            return "field '" + path + "' is missing";
        }
        if (message != null && message.contains("Cannot map `null` into type")) {
            return "field '" + path + "' is missing or null";
        }
        return path.isEmpty() ? message : "field '" + path + "': " + message;
    }

    /** Constructor checks throw IllegalArgumentException; Jackson wraps it. Report the check's own words. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException || cause instanceof ArithmeticException) {
            return cause.getMessage();
        }
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static int supportedVersion(Class<? extends Message> type) {
        try {
            return type.getField("SCHEMA_VERSION").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " must declare SCHEMA_VERSION", e);
        }
    }
}
