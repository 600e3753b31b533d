package com.luckydraw.wallet.wallet;

/** What a ledger entry records. Money kinds count minor units; FREE_TRY_* count tries. */
public enum EntryKind {
    CREDIT(1), DEBIT(-1), REFUND(1), FREE_TRY_SPEND(0), FREE_TRY_REFUND(0);

    private final int moneySign;

    EntryKind(int moneySign) {
        this.moneySign = moneySign;
    }

    /** +1 if the entry adds money to the balance, -1 if it takes money, 0 if it moves tries only. */
    public int moneySign() {
        return moneySign;
    }
}
