package com.luckydraw.events.wallet;

import com.luckydraw.events.Message;

/** Commands wallet-service accepts on {@code Topics.WALLET_COMMANDS}, keyed by user id. */
public sealed interface WalletCommand extends Message permits DebitWallet, RefundWallet {

    String userId();

    /** The order (saga) this command belongs to; also its {@code correlationId}. */
    default java.util.UUID orderId() {
        return correlationId();
    }
}
