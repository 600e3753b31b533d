package com.luckydraw.events;

import com.luckydraw.events.lottery.AllocateShares;
import com.luckydraw.events.lottery.AllocationRejected;
import com.luckydraw.events.lottery.RoundDrawn;
import com.luckydraw.events.lottery.RoundOpened;
import com.luckydraw.events.lottery.SharesAllocated;
import com.luckydraw.events.lottery.VoidAllocation;
import com.luckydraw.events.order.OrderCancelled;
import com.luckydraw.events.order.OrderCompleted;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * JSON for every message: {@code {"type":"DebitWallet","schemaVersion":1,...}}. Unknown fields are tolerated so a
 * producer may add fields before consumers know them; a missing, duplicated or mistyped field, an unknown type or
 * version, or a value a message refuses is an {@link InvalidMessageException} that says which.
 */
public final class MessageCodec {

    /** Largest record accepted; anything bigger is refused before parsing. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Map<String, Class<? extends Message>> TYPES = Arrays.<Class<? extends Message>>asList(
                    PurchaseRequested.class, OrderCompleted.class, OrderCancelled.class,
                    TerminalRegistered.class, TerminalRevoked.class,
                    DebitWallet.class, RefundWallet.class, WalletDebited.class, WalletDebitRejected.class,
                    WalletRefunded.class,
                    AllocateShares.class, VoidAllocation.class, SharesAllocated.class, AllocationRejected.class, RoundOpened.class,
                    RoundDrawn.class)
            .stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private static final Map<Class<? extends Message>, Integer> VERSIONS = TYPES.values().stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), MessageCodec::supportedVersion));

    /** Jackson's words for a field given twice, which the parser refuses (STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    /** {@code {"type":"<simple name>"} without its closing brace, per message class. */
    private static final Map<Class<?>, byte[]> TYPE_HEADS = new ConcurrentHashMap<>();

    private final JsonMapper json = JsonMapper.builder()
            // {"shares":1,...,"shares":2} means 1 to one reader and 2 to another: refused, on both decode paths
            // (they share this mapper's parser settings).
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A number is a JSON number: "3" or true for a count is refused, not converted. (It also keeps the
            // one-pass and the tree paths of decode strict alike about schemaVersion.)
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /**
     * The message's own fields, written in one pass, behind {@code "type"}: the type goes first so that
     * {@link #decode} can bind the rest straight from the bytes (the path of every record our producers write).
     */
    public byte[] encode(Message message) {
        byte[] head = TYPE_HEADS.computeIfAbsent(message.getClass(),
                type -> ("{\"type\":" + json.writeValueAsString(type.getSimpleName())).getBytes(StandardCharsets.UTF_8));
        byte[] fields = json.writeValueAsBytes(message); // {...}; a message record always has fields
        byte[] out = new byte[head.length + fields.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = ',';
        System.arraycopy(fields, 1, out, head.length + 1, fields.length - 1);
        return out;
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
        T bound = bindTypeFirst(bytes, expected);
        if (bound != null) {
            return bound;
        }
        // Not our writers' shape, or something is wrong with it: read it as a tree, which says what.
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (JacksonException e) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.matches()) {
                throw new InvalidMessageException("ambiguous JSON: field '" + duplicate.group(1)
                        + "' appears more than once (Duplicate Object property)", e);
            }
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

    /**
     * The one-pass path: when {@code "type"} comes first (as {@link #encode} writes it) and names a message expected
     * here, the other fields are bound straight from the parser, with no tree in between. Returns null whenever that
     * does not give a valid message of the supported version; {@link #decode} then explains the problem.
     */
    private <T extends Message> T bindTypeFirst(byte[] bytes, Class<T> expected) {
        try (JsonParser p = json.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.PROPERTY_NAME
                    || !"type".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            Class<? extends Message> type = TYPES.get(p.getString());
            if (type == null || !expected.isAssignableFrom(type)) {
                return null;
            }
            p.nextToken(); // the next field's name (or the end): a bean deserializer starts there as well
            Message message = json.readValue(p, type);
            if (message == null || p.nextToken() != null || message.schemaVersion() != VERSIONS.get(type)) {
                return null;
            }
            return expected.cast(message);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
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
