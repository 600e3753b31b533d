package com.luckydraw.events.wallet;

import com.luckydraw.events.Message;

/** Replies wallet-service publishes on {@code Topics.WALLET_EVENTS}, keyed by order id. */
public sealed interface WalletEvent extends Message permits WalletDebited, WalletDebitRejected, WalletRefunded {

    String userId();

    default java.util.UUID orderId() {
        return correlationId();
    }
}
