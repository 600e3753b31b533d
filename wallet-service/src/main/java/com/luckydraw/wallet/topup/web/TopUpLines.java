package com.luckydraw.wallet.topup.web;

import com.luckydraw.wallet.topup.CreditCommand;
import com.luckydraw.wallet.topup.TopUpLine;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch's lines one by one from JSON trees, so a line with a bad value (a fraction, a number past a long, a
 * missing key) is reported on its own instead of failing the whole body with the good lines in it.
 */
final class TopUpLines {

    private TopUpLines() {
    }

    static List<TopUpLine> read(List<JsonNode> nodes) {
        List<TopUpLine> lines = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            lines.add(read(i, nodes.get(i)));
        }
        return lines;
    }

    private static TopUpLine read(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return TopUpLine.invalid(index, null, null, null, "a line must be a JSON object");
        }
        String bizId = text(node, "bizId");
        String posId = text(node, "posId");
        String userId = text(node, "userId");
        try {
            RequestKey key = new RequestKey(required("bizId", bizId), required("posId", posId));
            UserId user = new UserId(required("userId", userId));
            Money amount = Money.transfer(amount(node.get("amount")), required("currency", text(node, "currency")));
            return TopUpLine.valid(index, new CreditCommand(key, user, amount));
        } catch (InvalidValueException e) {
            return TopUpLine.invalid(index, bizId, posId, userId, e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new InvalidValueException(field + " is required (a string)");
        }
        return value;
    }

    private static long amount(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new InvalidValueException("amount is required (whole minor units)");
        }
        if (!value.isNumber()) {
            throw new InvalidValueException("amount must be a number of minor units, was " + value);
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidValueException("amount must be whole minor units, was " + value);
        }
        if (!value.canConvertToLong()) {
            throw new InvalidValueException("amount " + value + " is out of range");
        }
        return value.longValue();
    }
}
