package com.luckydraw.wallet.debit;

import com.luckydraw.events.Checks;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Take the price of a purchase from a wallet: {@code amount} minor units of money, or {@code freeTries} of the day's
 * free tries. {@code key} makes it idempotent.
 */
public record DebitCommand(RequestKey key, UUID orderId, UserId userId, PaymentMethod method, long amount,
        String currency, int freeTries) {

    public DebitCommand {
        if (key == null || userId == null || method == null) {
            throw new InvalidValueException("a debit needs a key, a user and a payment method");
        }
        try {
            Checks.currency(currency);
            if (method == PaymentMethod.MONEY) {
                Money.transfer(amount, currency);
                if (freeTries != 0) {
                    throw new InvalidValueException("freeTries must be 0 when paying with MONEY, was " + freeTries);
                }
            } else {
                Checks.shares("freeTries", freeTries);
                if (amount != 0) {
                    throw new InvalidValueException("amount must be 0 when paying with FREE_TRIES, was " + amount);
                }
            }
        } catch (InvalidValueException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    public static DebitCommand money(RequestKey key, UUID orderId, UserId userId, long amount, String currency) {
        return new DebitCommand(key, orderId, userId, PaymentMethod.MONEY, amount, currency, 0);
    }

    public static DebitCommand freeTries(RequestKey key, UUID orderId, UserId userId, int tries, String currency) {
        return new DebitCommand(key, orderId, userId, PaymentMethod.FREE_TRIES, 0, currency, tries);
    }

    /**
     * What makes two requests under one key the same request: user, method, amount, currency and tries. Stored
     * beside the key; the order id is left out because it is derived from the key.
     */
    public String requestHash() {
        String canonical = String.join("|", "debit-v1", userId.value(), method.name(), Long.toString(amount),
                currency, Integer.toString(freeTries));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String describe() {
        return method == PaymentMethod.MONEY ? amount + " " + currency + " from " + userId
                : freeTries + " free tries from " + userId;
    }
}
