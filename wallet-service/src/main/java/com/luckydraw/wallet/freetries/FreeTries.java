package com.luckydraw.wallet.freetries;

import com.luckydraw.wallet.wallet.UserId;

import java.time.LocalDate;

/** A user's free tries of one day. Immutable; each change returns the next state with the next version. */
public record FreeTries(UserId userId, LocalDate day, int granted, int used, long version) {

    public FreeTries {
        if (granted < 0 || used < 0 || used > granted) {
            throw new IllegalArgumentException("free tries of " + userId + " on " + day + ": used " + used
                    + " of " + granted);
        }
    }

    public int left() {
        return granted - used;
    }

    /** @throws NoFreeTriesLeftException if fewer than {@code tries} are left */
    public FreeTries spend(int tries) {
        if (tries <= 0) {
            throw new IllegalArgumentException("tries must be positive, was " + tries);
        }
        if (tries > left()) {
            throw new NoFreeTriesLeftException(this, tries);
        }
        return new FreeTries(userId, day, granted, used + tries, version + 1);
    }

    /** Gives back tries a refunded purchase spent. */
    public FreeTries giveBack(int tries) {
        if (tries <= 0 || tries > used) {
            throw new IllegalStateException("cannot give back " + tries + " tries to " + userId + " on " + day
                    + ": only " + used + " were used");
        }
        return new FreeTries(userId, day, granted, used - tries, version + 1);
    }
}
