package com.luckydraw.wallet.wallet;

/** Money of one currency applied to a wallet (or amount) of another. */
public class CurrencyMismatchException extends RuntimeException {

    public CurrencyMismatchException(String held, String offered) {
        super("the wallet holds " + held + ", the request is in " + offered);
    }
}
