package com.luckydraw.order.intake;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.order.PurchaseSignature;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.Purchase;
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
 * <p>A key already used for another purchase is refused at once (409) rather than dead-lettered later: by its order,
 * or, before the order exists, by the key's claim ({@link PurchaseClaims}), so of two racing requests with different
 * purchases exactly one is accepted. Requests published straight to Kafka are decided by the consumer.
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
    private final PurchaseClaims claims;
    private final Terminals terminals;
    private final SigningKeyEncryption encryption;

    public AcceptingPurchase(KafkaTemplate<String, byte[]> kafka, MessageCodec codec, Orders orders,
            IntakeProperties properties, PurchaseClaims claims, Terminals terminals, SigningKeyEncryption encryption) {
        this.kafka = kafka;
        this.codec = codec;
        this.orders = orders;
        this.properties = properties;
        this.claims = claims;
        this.terminals = terminals;
        this.encryption = encryption;
    }

    public OrderId accept(PurchaseRequested request) {
        PurchaseKey key = PlacingOrders.keyOf(request);
        OrderId id = OrderId.of(key);
        Purchase purchase = PlacingOrders.purchaseOf(request);
        orders.findById(id).ifPresent(existing -> refuseIfOther(key, existing.purchase(), purchase));
        PosId posId = new PosId(request.posId());
        Terminal terminal = terminals.find(posId).filter(Terminal::isActive)
                .orElseThrow(() -> new TerminalNotFoundException(posId));
        // Before the order exists: two racing requests under the key meet on its claim, and one of them wins.
        claims.claim(key, purchase).ifPresent(first -> refuseIfOther(key, first, purchase));
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

    private static void refuseIfOther(PurchaseKey key, Purchase accepted, Purchase now) {
        List<String> differences = accepted.differencesFrom(now);
        if (!differences.isEmpty()) {
            throw new PurchaseConflictException(key, differences);
        }
    }
}
