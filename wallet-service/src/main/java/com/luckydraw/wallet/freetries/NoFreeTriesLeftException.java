package com.luckydraw.wallet.freetries;

/** A purchase asked for more free tries than the user has left today. */
public class NoFreeTriesLeftException extends RuntimeException {

    public NoFreeTriesLeftException(FreeTries tries, int asked) {
        super(asked + " free tries asked, " + tries.left() + " left of " + tries.granted() + " on " + tries.day());
    }
}
