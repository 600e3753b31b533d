package com.luckydraw.events.wallet;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;

import java.time.Instant;
import java.util.UUID;

/**
 * Take the price of a purchase from a user's wallet: {@code amount} minor units of money, or {@code freeTries} of the
 * day's free tries. Idempotent on (bizId, posId): a repeat answers the first outcome; the same key with another user,
 * method or amount is refused as a conflict.
 */
public record DebitWallet(UUID messageId, int schemaVersion, String bizId, String posId, UUID correlationId,
        Instant occurredAt, String userId, PaymentMethod paymentMethod, long amount, String currency, int freeTries)
        implements WalletCommand {

    public static final int SCHEMA_VERSION = 1;

    public DebitWallet {
        Checks.envelope(messageId, schemaVersion, bizId, posId, correlationId, occurredAt);
        Checks.identifier("userId", userId);
        Checks.required("paymentMethod", paymentMethod);
        Checks.currency(currency);
        if (paymentMethod == PaymentMethod.MONEY) {
            Checks.positiveAmount("amount", amount);
            if (freeTries != 0) {
                throw new IllegalArgumentException("freeTries must be 0 when paying with MONEY, was " + freeTries);
            }
        } else {
            Checks.shares("freeTries", freeTries);
            if (amount != 0) {
                throw new IllegalArgumentException("amount must be 0 when paying with FREE_TRIES, was " + amount);
            }
        }
    }

    public static DebitWallet money(String bizId, String posId, UUID orderId, String userId, long amount,
            String currency) {
        return new DebitWallet(UUID.randomUUID(), SCHEMA_VERSION, bizId, posId, orderId, Instant.now(), userId,
                PaymentMethod.MONEY, amount, currency, 0);
    }

    public static DebitWallet freeTries(String bizId, String posId, UUID orderId, String userId, int tries,
            String currency) {
        return new DebitWallet(UUID.randomUUID(), SCHEMA_VERSION, bizId, posId, orderId, Instant.now(), userId,
                PaymentMethod.FREE_TRIES, 0, currency, tries);
    }
}
