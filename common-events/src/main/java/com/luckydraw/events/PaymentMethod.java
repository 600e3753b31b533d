package com.luckydraw.events;

/** How a purchase is paid: with money from the wallet, or with the user's free tries of the day (one per share). */
public enum PaymentMethod {
    MONEY, FREE_TRIES
}
