package com.luckydraw.order.intake;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.order.PurchaseSignature;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.PurchaseKey;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.SigningKeyEncryption;
import com.luckydraw.order.terminal.Terminal;
import com.luckydraw.order.terminal.TerminalNotFoundException;
import com.luckydraw.order.terminal.Terminals;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP intake: a terminal without a Kafka client hands its request over here, and it goes to
 * {@code Topics.PURCHASE_REQUESTS} like any terminal's, keyed {@code posId:bizId}. The answer waits for the broker's
 * acknowledgement, so an accepted request is durable; the order itself is created by the topic's consumer.
 *
 * <p>A key already used for another purchase is refused at once (409) rather than dead-lettered later; the consumer
 * still decides when two different requests race.
 *
 * <p>The record is signed with the terminal's own key, as the terminal would sign it on Kafka: the caller is already
 * authenticated as that terminal, and the consumer checks every request the same way.
 */
@Component
public class AcceptingPurchase {

    private final KafkaTemplate<String, byte[]> kafka;
    private final MessageCodec codec;
    private final Orders orders;
    private final IntakeProperties properties;
    private final Terminals terminals;
    private final SigningKeyEncryption encryption;

    public AcceptingPurchase(KafkaTemplate<String, byte[]> kafka, MessageCodec codec, Orders orders,
            IntakeProperties properties, Terminals terminals, SigningKeyEncryption encryption) {
        this.kafka = kafka;
        this.codec = codec;
        this.orders = orders;
        this.properties = properties;
        this.terminals = terminals;
        this.encryption = encryption;
    }

    public OrderId accept(PurchaseRequested request) {
        PurchaseKey key = PlacingOrders.keyOf(request);
        OrderId id = OrderId.of(key);
        orders.findById(id).ifPresent(existing -> {
            List<String> differences = existing.purchase().differencesFrom(PlacingOrders.purchaseOf(request));
            if (!differences.isEmpty()) {
                throw new PurchaseConflictException(key, differences);
            }
        });
        PosId posId = new PosId(request.posId());
        Terminal terminal = terminals.find(posId).filter(Terminal::isActive)
                .orElseThrow(() -> new TerminalNotFoundException(posId));
        byte[] value = codec.encode(request);
        var record = new ProducerRecord<>(Topics.PURCHASE_REQUESTS.name(), key.messageKey(), value);
        record.headers().add(PurchaseSignature.HEADER, PurchaseSignature.sign(encryption.open(terminal),
                terminal.keyVersion(), key.messageKey(), value).headerBytes());
        try {
            kafka.send(record).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing purchase " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("the broker did not acknowledge purchase " + key + " within "
                    + properties.sendTimeout() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return id;
    }
}
