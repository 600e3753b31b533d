package com.luckydraw.order;

import com.luckydraw.events.order.PurchaseSignature;

/** A terminal the tests registered, with the credentials it was given once. */
public record TestTerminal(String posId, String apiSecret, byte[] signingKey, int keyVersion) {

    public PurchaseSignature sign(String recordKey, byte[] value) {
        return PurchaseSignature.sign(signingKey, keyVersion, recordKey, value);
    }
}
