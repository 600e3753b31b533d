package com.luckydraw.wallet.wallet;

import com.luckydraw.events.Checks;

/** The idempotency key of a request: the purchase (or admin line) as its sender named it. */
public record RequestKey(String bizId, String posId) {

    public RequestKey {
        try {
            Checks.identifier("bizId", bizId);
            Checks.identifier("posId", posId);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return posId + "/" + bizId;
    }
}
