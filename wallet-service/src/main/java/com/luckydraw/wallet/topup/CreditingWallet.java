package com.luckydraw.wallet.topup;

import com.luckydraw.wallet.wallet.BalanceOverflowException;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.EntryKind;
import com.luckydraw.wallet.wallet.Ledger;
import com.luckydraw.wallet.wallet.LedgerEntry;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.WalletContendedException;
import com.luckydraw.wallet.wallet.Wallets;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Adds money to a wallet once per key, in a transaction of its own, retrying version conflicts (a top-up racing
 * purchases or other top-ups of the same wallet). The CREDIT ledger entry is the idempotency record: the same key
 * with the same user and amount answers ALREADY_APPLIED, with anything else IDEMPOTENCY_CONFLICT. Rejections are not
 * remembered: they are validation failures an admin fixes and sends again under the same key.
 */
@Component
public class CreditingWallet {

    private final Wallets wallets;
    private final Ledger ledger;
    private final ConflictRetry retry;

    CreditingWallet(Wallets wallets, Ledger ledger, ConflictRetry retry) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.retry = retry;
    }

    public CreditOutcome credit(CreditCommand command) {
        try {
            return retry.inOwnTransactions("credit " + command.key(), () -> attempt(command));
        } catch (WalletContendedException e) {
            return CreditOutcome.rejected(CreditOutcome.Reason.CONTENDED, e.getMessage());
        }
    }

    private CreditOutcome attempt(CreditCommand command) {
        Optional<LedgerEntry> earlier = ledger.find(command.key(), EntryKind.CREDIT);
        if (earlier.isPresent()) {
            return repeat(earlier.get(), command);
        }
        Optional<Wallet> found = wallets.find(command.userId());
        if (found.isEmpty()) {
            return CreditOutcome.rejected(CreditOutcome.Reason.UNKNOWN_WALLET, "no wallet for user "
                    + command.userId());
        }
        Wallet wallet = found.get();
        if (!wallet.currency().equals(command.amount().currency())) {
            return CreditOutcome.rejected(CreditOutcome.Reason.CURRENCY_MISMATCH, "the wallet holds "
                    + wallet.currency() + ", the credit is in " + command.amount().currency());
        }
        Wallet after;
        try {
            after = wallet.credit(command.amount());
        } catch (BalanceOverflowException e) {
            return CreditOutcome.rejected(CreditOutcome.Reason.BALANCE_OVERFLOW, e.getMessage());
        }
        wallets.update(after);
        ledger.append(LedgerEntry.of(after, EntryKind.CREDIT, command.amount().amount(), command.key(), null));
        return CreditOutcome.applied(after.balance().amount());
    }

    private CreditOutcome repeat(LedgerEntry earlier, CreditCommand command) {
        String currency = wallets.get(earlier.userId()).currency();
        if (earlier.userId().equals(command.userId()) && earlier.amount() == command.amount().amount()
                && currency.equals(command.amount().currency())) {
            return CreditOutcome.alreadyApplied(earlier.balanceAfter());
        }
        return CreditOutcome.rejected(CreditOutcome.Reason.IDEMPOTENCY_CONFLICT, "key " + command.key()
                + " was used for a credit of " + earlier.amount() + " " + currency + " to " + earlier.userId()
                + "; this line was not applied");
    }
}
