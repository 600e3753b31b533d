package com.luckydraw.wallet.topup;

/**
 * One line of a batch top-up as it was read: a credit, or why the line could not be one.
 *
 * @param bizId  as sent, for the answer (possibly invalid)
 * @param posId  as sent
 * @param userId as sent
 */
public record TopUpLine(int index, String bizId, String posId, String userId, CreditCommand credit,
        String invalidBecause) {

    public static TopUpLine valid(int index, CreditCommand credit) {
        return new TopUpLine(index, credit.key().bizId(), credit.key().posId(), credit.userId().value(), credit, null);
    }

    public static TopUpLine invalid(int index, String bizId, String posId, String userId, String because) {
        return new TopUpLine(index, bizId, posId, userId, null, because);
    }
}
