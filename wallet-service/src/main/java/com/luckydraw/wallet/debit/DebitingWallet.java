package com.luckydraw.wallet.debit;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.wallet.DebitRejection;
import com.luckydraw.wallet.freetries.DailyFreeTries;
import com.luckydraw.wallet.freetries.FreeTries;
import com.luckydraw.wallet.freetries.FreeTriesProperties;
import com.luckydraw.wallet.wallet.ConflictRetry;
import com.luckydraw.wallet.wallet.EntryKind;
import com.luckydraw.wallet.wallet.Ledger;
import com.luckydraw.wallet.wallet.LedgerEntry;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.Wallets;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Takes the price of a purchase from a wallet, exactly once per key.
 *
 * <p>Idempotency follows TigerBeetle: the outcome of the first request under a (bizId, posId) is stored in
 * {@code debit_request} with a hash of the request; the same request again gets that outcome again (a rejection
 * too); the same key with another user, method, amount or currency is refused as {@code IDEMPOTENCY_CONFLICT} and
 * changes nothing. The outcome row, the version-checked wallet update and the ledger entry commit together.
 */
@Component
public class DebitingWallet {

    private final DebitRequests requests;
    private final Wallets wallets;
    private final Ledger ledger;
    private final DailyFreeTries freeTries;
    private final FreeTriesProperties freeTriesProperties;
    private final ConflictRetry retry;
    private final Clock clock;

    DebitingWallet(DebitRequests requests, Wallets wallets, Ledger ledger, DailyFreeTries freeTries,
            FreeTriesProperties freeTriesProperties, ConflictRetry retry, Clock clock) {
        this.requests = requests;
        this.wallets = wallets;
        this.ledger = ledger;
        this.freeTries = freeTries;
        this.freeTriesProperties = freeTriesProperties;
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * Debits in transactions of its own, retrying version conflicts a bounded number of times.
     *
     * @throws com.luckydraw.wallet.wallet.WalletContendedException when conflicts outlast the retries
     */
    public DebitOutcome debit(DebitCommand command) {
        return retry.inOwnTransactions("debit " + command.key(), () -> decideAndWrite(List.of(command)).get(0));
    }

    /**
     * Debits several in the caller's transaction, in order, with the same outcomes as one at a time: reads every
     * key and wallet they need in two queries and writes in one round trip per table ({@link DebitBatch}).
     */
    public List<DebitOutcome> debitAllInCurrentTransaction(List<DebitCommand> commands) {
        return retry.inCallersTransaction(() -> decideAndWrite(commands));
    }

    private List<DebitOutcome> decideAndWrite(List<DebitCommand> commands) {
        DebitBatch batch = new DebitBatch(requests.findAll(commands.stream().map(DebitCommand::key).toList()),
                wallets.findAll(commands.stream().map(DebitCommand::userId).toList()));
        List<DebitOutcome> outcomes = commands.stream().map(command -> attempt(command, batch)).toList();
        batch.write(requests, wallets, ledger);
        return outcomes;
    }

    private DebitOutcome attempt(DebitCommand command, DebitBatch batch) {
        Optional<DebitRecord> earlier = batch.earlier(command.key());
        if (earlier.isPresent()) {
            return repeat(earlier.get(), command);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the database keeps, so repeats match
        Optional<Wallet> wallet = batch.wallet(command.userId());
        if (wallet.isEmpty()) {
            return reject(command, DebitRejection.UNKNOWN_WALLET, "no wallet for user " + command.userId(), now,
                    batch);
        }
        return command.method() == PaymentMethod.MONEY ? debitMoney(command, wallet.get(), now, batch)
                : spendFreeTries(command, wallet.get(), now, batch);
    }

    private DebitOutcome repeat(DebitRecord earlier, DebitCommand command) {
        if (earlier.isTombstone()) {
            // The saga gave up on this purchase (and refunded it) before its debit arrived: take nothing.
            return new DebitOutcome.Rejected(command.userId(), DebitRejection.IDEMPOTENCY_CONFLICT,
                    DebitRecord.REFUNDED_BEFORE_DEBIT + ": purchase " + command.key()
                            + " was refunded before this debit arrived; nothing was taken", earlier.decidedAt(), true);
        }
        if (!earlier.requestHash().equals(command.requestHash())) {
            return new DebitOutcome.Rejected(command.userId(), DebitRejection.IDEMPOTENCY_CONFLICT,
                    "key " + command.key() + " was used for a different request (" + describe(earlier)
                            + "); this one (" + command.describe() + ") was not applied",
                    clock.instant().truncatedTo(ChronoUnit.MICROS), false);
        }
        return earlier.outcome(true);
    }

    private DebitOutcome debitMoney(DebitCommand command, Wallet wallet, Instant now, DebitBatch batch) {
        if (!wallet.currency().equals(command.currency())) {
            return reject(command, DebitRejection.CURRENCY_MISMATCH, "the wallet holds " + wallet.currency()
                    + ", the debit is in " + command.currency(), now, batch);
        }
        Money price = Money.transfer(command.amount(), command.currency());
        if (!wallet.canPay(price)) {
            return reject(command, DebitRejection.INSUFFICIENT_FUNDS, "balance " + wallet.balance()
                    + " is less than the debit of " + price, now, batch);
        }
        Wallet after = wallet.debit(price);
        batch.claim(DebitRecord.debited(command, null, after.balance().amount(), now));
        batch.changed(after, LedgerEntry.of(after, EntryKind.DEBIT, price.amount(), command.key(), command.orderId()));
        return new DebitOutcome.Debited(command.userId(), PaymentMethod.MONEY, price.amount(), price.currency(), 0,
                after.balance().amount(), now, false);
    }

    private DebitOutcome spendFreeTries(DebitCommand command, Wallet wallet, Instant now, DebitBatch batch) {
        LocalDate day = LocalDate.ofInstant(now, clock.getZone());
        FreeTries today = freeTries.ofDay(command.userId(), day, freeTriesProperties.freeTriesPerDay());
        if (today.left() < command.freeTries()) {
            return reject(command, DebitRejection.NO_FREE_TRIES_LEFT, command.freeTries() + " free tries asked, "
                    + today.left() + " left of " + today.granted() + " on " + day, now, batch);
        }
        FreeTries spent = today.spend(command.freeTries());
        // Free tries move no money, but the entry still takes the wallet's next version: one order for its history.
        Wallet after = wallet.touched();
        batch.claim(DebitRecord.debited(command, day, after.balance().amount(), now));
        freeTries.update(spent);
        batch.changed(after, LedgerEntry.of(after, EntryKind.FREE_TRY_SPEND, command.freeTries(), command.key(),
                command.orderId()));
        return new DebitOutcome.Debited(command.userId(), PaymentMethod.FREE_TRIES, 0, command.currency(),
                command.freeTries(), after.balance().amount(), now, false);
    }

    /** A rejection is remembered too: the same request is rejected the same way again. */
    private DebitOutcome reject(DebitCommand command, DebitRejection reason, String detail, Instant now,
            DebitBatch batch) {
        DebitRecord rejected = DebitRecord.rejected(command, reason, detail, now);
        batch.claim(rejected);
        return rejected.outcome(false);
    }

    private static String describe(DebitRecord earlier) {
        return earlier.method() == PaymentMethod.MONEY ? earlier.amount() + " " + earlier.currency() + " from "
                + earlier.userId() : earlier.freeTries() + " free tries from " + earlier.userId();
    }
}
