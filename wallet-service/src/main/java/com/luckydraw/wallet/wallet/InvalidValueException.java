package com.luckydraw.wallet.wallet;

/** A value that breaks a rule of the domain (an id, an amount, a currency): the caller's input, not our state. */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}
