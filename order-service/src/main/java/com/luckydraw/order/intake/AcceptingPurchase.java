package com.luckydraw.order.intake;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.Purchase;
import com.luckydraw.order.order.PurchaseKey;
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
 */
@Component
public class AcceptingPurchase {

    private final KafkaTemplate<String, byte[]> kafka;
    private final MessageCodec codec;
    private final Orders orders;
    private final IntakeProperties properties;
    private final PurchaseClaims claims;

    public AcceptingPurchase(KafkaTemplate<String, byte[]> kafka, MessageCodec codec, Orders orders,
            IntakeProperties properties, PurchaseClaims claims) {
        this.kafka = kafka;
        this.codec = codec;
        this.orders = orders;
        this.properties = properties;
        this.claims = claims;
    }

    public OrderId accept(PurchaseRequested request) {
        PurchaseKey key = PlacingOrders.keyOf(request);
        OrderId id = OrderId.of(key);
        Purchase purchase = PlacingOrders.purchaseOf(request);
        orders.findById(id).ifPresent(existing -> refuseIfOther(key, existing.purchase(), purchase));
        // Before the order exists: two racing requests under the key meet on its claim, and one of them wins.
        claims.claim(key, purchase).ifPresent(first -> refuseIfOther(key, first, purchase));
        var record = new ProducerRecord<>(Topics.PURCHASE_REQUESTS.name(), key.messageKey(), codec.encode(request));
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
