package com.luckydraw.wallet.messaging;

import com.luckydraw.events.Message;
import com.luckydraw.events.Topics;
import com.luckydraw.events.wallet.DebitWallet;
import com.luckydraw.events.wallet.RefundWallet;
import com.luckydraw.events.wallet.WalletCommand;
import com.luckydraw.events.wallet.WalletDebitRejected;
import com.luckydraw.events.wallet.WalletDebited;
import com.luckydraw.events.wallet.WalletRefunded;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import com.luckydraw.messaging.inbox.Received;
import com.luckydraw.messaging.outbox.Outbox;
import com.luckydraw.wallet.debit.DebitCommand;
import com.luckydraw.wallet.debit.DebitOutcome;
import com.luckydraw.wallet.debit.DebitingWallet;
import com.luckydraw.wallet.debit.RefundCommand;
import com.luckydraw.wallet.debit.RefundOutcome;
import com.luckydraw.wallet.debit.RefundingWallet;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Consumes DebitWallet and RefundWallet. A polled batch is one transaction (inbox entries, wallet changes, ledger,
 * replies in the outbox); its commands are applied in order, since one wallet's commands share a partition: each run
 * of debits is decided in memory and written in one round trip per table, a refund is applied on its own.
 * A version conflict (another instance, or an admin top-up) rolls the batch back and the library redelivers it.
 * Replies go to {@code Topics.WALLET_EVENTS} keyed by order id.
 */
@Component
class WalletCommandsListener {

    private final ExactlyOnceProcessing processing;
    private final Outbox outbox;
    private final DebitingWallet debiting;
    private final RefundingWallet refunding;

    WalletCommandsListener(ExactlyOnceProcessing processing, Outbox outbox, DebitingWallet debiting,
            RefundingWallet refunding) {
        this.processing = processing;
        this.outbox = outbox;
        this.debiting = debiting;
        this.refunding = refunding;
    }

    // The id is the consumer group: keep it stable, operators reset its offsets to replay.
    @KafkaListener(id = "wallet-commands", topics = "#{T(com.luckydraw.events.Topics).WALLET_COMMANDS.name()}")
    void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        processing.process(records, WalletCommand.class, batch -> {
            List<Outbox.Outgoing> replies = new ArrayList<>(batch.size());
            List<DebitWallet> debits = new ArrayList<>();
            for (Received<WalletCommand> received : batch) {
                WalletCommand command = received.message();
                if (command instanceof DebitWallet debit) {
                    debits.add(debit); // a run of debits is decided and written together
                } else if (command instanceof RefundWallet refund) {
                    debitAll(debits, replies); // a refund must see the debits before it
                    reply(replies, refund, refunded(refund, refunding.refundInCurrentTransaction(toCommand(refund))));
                } else {
                    throw new IllegalStateException("unexpected wallet command " + command.type());
                }
            }
            debitAll(debits, replies);
            outbox.appendAll(replies);
        });
    }

    private void debitAll(List<DebitWallet> debits, List<Outbox.Outgoing> replies) {
        if (debits.isEmpty()) {
            return;
        }
        List<DebitOutcome> outcomes = debiting.debitAllInCurrentTransaction(
                debits.stream().map(WalletCommandsListener::toCommand).toList());
        for (int i = 0; i < debits.size(); i++) {
            reply(replies, debits.get(i), debited(debits.get(i), outcomes.get(i)));
        }
        debits.clear();
    }

    private static void reply(List<Outbox.Outgoing> replies, WalletCommand command, Message reply) {
        replies.add(new Outbox.Outgoing(Topics.WALLET_EVENTS, command.correlationId().toString(), reply));
    }

    private static DebitCommand toCommand(DebitWallet m) {
        return new DebitCommand(new RequestKey(m.bizId(), m.posId()), m.correlationId(), new UserId(m.userId()),
                m.paymentMethod(), m.amount(), m.currency(), m.freeTries());
    }

    private static RefundCommand toCommand(RefundWallet m) {
        return new RefundCommand(new RequestKey(m.bizId(), m.posId()), m.correlationId(), new UserId(m.userId()),
                m.reason());
    }

    /** A repeat gets the original outcome: same fields, same occurredAt (when it was decided); only the id differs. */
    private static Message debited(DebitWallet command, DebitOutcome outcome) {
        UUID id = replyId(command);
        if (outcome instanceof DebitOutcome.Debited d) {
            return new WalletDebited(id, WalletDebited.SCHEMA_VERSION, command.bizId(), command.posId(),
                    command.correlationId(), d.decidedAt(), command.userId(), d.method(), d.amount(), d.currency(),
                    d.freeTries(), d.balanceAfter());
        }
        DebitOutcome.Rejected r = (DebitOutcome.Rejected) outcome;
        return new WalletDebitRejected(id, WalletDebitRejected.SCHEMA_VERSION, command.bizId(), command.posId(),
                command.correlationId(), r.decidedAt(), command.userId(), r.reason(), r.detail());
    }

    private static Message refunded(RefundWallet command, RefundOutcome o) {
        return new WalletRefunded(replyId(command), WalletRefunded.SCHEMA_VERSION, command.bizId(), command.posId(),
                command.correlationId(), o.refundedAt(), command.userId(), o.refunded(), o.method(), o.amount(),
                o.currency(), o.freeTries(), o.balanceAfter());
    }

    /** Derived from the command's id: the reply to one delivery of a command is always the same message. */
    private static UUID replyId(Message command) {
        return UUID.nameUUIDFromBytes(("wallet-reply:" + command.messageId()).getBytes(StandardCharsets.UTF_8));
    }
}
