package com.luckydraw.lottery.messaging;

import com.luckydraw.events.lottery.LotteryCommand;
import com.luckydraw.lottery.allocation.AllocatingShares;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import com.luckydraw.messaging.inbox.Received;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Consumes {@code lottery.commands} (keyed by round, so one round's commands come one batch after another): each
 * polled batch is one transaction with its inbox entries, allocations and replies.
 */
@Component
public class LotteryCommandsListener {

    private final ExactlyOnceProcessing processing;
    private final AllocatingShares allocating;

    public LotteryCommandsListener(ExactlyOnceProcessing processing, AllocatingShares allocating) {
        this.processing = processing;
        this.allocating = allocating;
    }

    // The group id is the listener's identity for operators (reset it to replay); tests use a group of their own.
    @KafkaListener(id = "lottery-commands", groupId = "${luckydraw.lottery.commands-group:lottery-commands}",
            topics = "#{T(com.luckydraw.events.Topics).LOTTERY_COMMANDS.name()}",
            autoStartup = "${luckydraw.lottery.listener-auto-startup:true}")
    void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        // AllocateShares and VoidAllocation in their order on the partition: a void decides before a later request.
        processing.process(records, LotteryCommand.class, received -> allocating.allocate(received.stream()
                .map(Received::message)
                .toList()));
    }
}
