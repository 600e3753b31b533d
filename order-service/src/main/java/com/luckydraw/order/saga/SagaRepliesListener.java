package com.luckydraw.order.saga;

import com.luckydraw.events.lottery.LotteryEvent;
import com.luckydraw.events.wallet.WalletEvent;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The saga's ears: replies of the wallet and the lottery, each applied once (inbox) in the transaction of its
 * effects. The listener ids are the consumer groups; operators reset them to replay.
 */
@Component
class SagaRepliesListener {

    private final ExactlyOnceProcessing processing;
    private final ApplyingReplies applying;

    SagaRepliesListener(ExactlyOnceProcessing processing, ApplyingReplies applying) {
        this.processing = processing;
        this.applying = applying;
    }

    @KafkaListener(id = "order-wallet-events", topics = "#{T(com.luckydraw.events.Topics).WALLET_EVENTS.name()}")
    void onWalletEvents(List<ConsumerRecord<String, byte[]>> records) {
        processing.process(records, WalletEvent.class, applying::apply);
    }

    @KafkaListener(id = "order-lottery-events", topics = "#{T(com.luckydraw.events.Topics).LOTTERY_EVENTS.name()}")
    void onLotteryEvents(List<ConsumerRecord<String, byte[]>> records) {
        processing.process(records, LotteryEvent.class, applying::apply);
    }
}
