package com.luckydraw.wallet.wallet;

import com.luckydraw.events.Checks;

/** Whose wallet: the same identifier rules as every id that enters through a message. */
public record UserId(String value) {

    public UserId {
        try {
            Checks.identifier("userId", value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
