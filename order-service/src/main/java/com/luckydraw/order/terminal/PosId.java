package com.luckydraw.order.terminal;

import com.luckydraw.events.Checks;

/** A terminal's id, the {@code posId} of its purchases. */
public record PosId(String value) {

    public PosId {
        Checks.identifier("posId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
