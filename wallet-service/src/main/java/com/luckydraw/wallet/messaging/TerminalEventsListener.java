package com.luckydraw.wallet.messaging;

import com.luckydraw.events.terminal.TerminalEvent;
import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.events.terminal.TerminalRevoked;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import com.luckydraw.messaging.inbox.Received;
import com.luckydraw.wallet.terminal.Terminals;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Keeps the wallet's copy of order-service's terminal registry (who may read wallets): each announcement applied once
 * (inbox), in order per terminal; a record that is not a terminal event is dead-lettered.
 */
@Component
class TerminalEventsListener {

    private final ExactlyOnceProcessing processing;
    private final Terminals terminals;

    TerminalEventsListener(ExactlyOnceProcessing processing, Terminals terminals) {
        this.processing = processing;
        this.terminals = terminals;
    }

    // The id is the consumer group: keep it stable, operators reset its offsets to replay.
    @KafkaListener(id = "wallet-terminal-events", topics = "#{T(com.luckydraw.events.Topics).TERMINAL_EVENTS.name()}")
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        processing.process(records, TerminalEvent.class, batch -> {
            for (Received<TerminalEvent> received : batch) {
                TerminalEvent event = received.message();
                if (event instanceof TerminalRegistered registered) {
                    terminals.registered(registered.posId(), registered.apiSecretHash(), registered.keyVersion(),
                            registered.occurredAt());
                } else if (event instanceof TerminalRevoked revoked) {
                    terminals.revoked(revoked.posId(), revoked.keyVersion(), revoked.occurredAt());
                }
            }
        });
    }
}
