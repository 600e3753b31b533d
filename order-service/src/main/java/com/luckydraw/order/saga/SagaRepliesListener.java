package com.luckydraw.order.saga;

import com.luckydraw.events.Message;
import com.luckydraw.events.Topics;
import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.wallet.WalletEvent;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The saga's ears: replies of the wallet and the lottery, each applied once (inbox) in the transaction of its
 * effects. One listener reads both topics, so a poll brings the replies of both services and they share one
 * transaction (half as many transactions and fetches as a listener per topic; docs/decisions.md). The listener id is
 * the consumer group; operators reset it to replay.
 */
@Component
class SagaRepliesListener {

    private static final Map<String, Class<? extends Message>> REPLY_TYPES = Map.of(
            Topics.WALLET_EVENTS.name(), WalletEvent.class,
            Topics.LOTTERY_EVENTS.name(), LotteryEvent.class);

    private final ExactlyOnceProcessing processing;
    private final ApplyingReplies applying;

    SagaRepliesListener(ExactlyOnceProcessing processing, ApplyingReplies applying) {
        this.processing = processing;
        this.applying = applying;
    }

    @KafkaListener(id = "order-saga-replies", topics = {"#{T(com.luckydraw.events.Topics).WALLET_EVENTS.name()}",
            "#{T(com.luckydraw.events.Topics).LOTTERY_EVENTS.name()}"})
    void onReplies(List<ConsumerRecord<String, byte[]>> records) {
        processing.<Message>process(records, REPLY_TYPES::get, applying::apply);
    }
}
