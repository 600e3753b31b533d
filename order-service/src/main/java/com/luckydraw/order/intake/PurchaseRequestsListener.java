package com.luckydraw.order.intake;

import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Purchase requests from terminals and the HTTP intake; each applied once (inbox), invalid and unsigned ones
 * dead-lettered ({@link VerifyingSignatures}).
 */
@Component
class PurchaseRequestsListener {

    private final ExactlyOnceProcessing processing;
    private final PlacingOrders placing;
    private final VerifyingSignatures verifying;

    PurchaseRequestsListener(ExactlyOnceProcessing processing, PlacingOrders placing, VerifyingSignatures verifying) {
        this.processing = processing;
        this.placing = placing;
        this.verifying = verifying;
    }

    @KafkaListener(id = "order-purchase-requests",
            topics = "#{T(com.luckydraw.events.Topics).PURCHASE_REQUESTS.name()}")
    void onRequests(List<ConsumerRecord<String, byte[]>> records) {
        processing.process(records, PurchaseRequested.class, verifying, placing::place);
    }
}
