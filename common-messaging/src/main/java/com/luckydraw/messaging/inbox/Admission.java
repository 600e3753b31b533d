package com.luckydraw.messaging.inbox;

import com.luckydraw.events.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * A consumer's check of decoded records before anything is applied, e.g. that a record is signed by whom it claims
 * to come from. A refused record is dead-lettered with the reason and changes nothing. It is asked once per batch,
 * so what the check needs can be read in one query.
 */
@FunctionalInterface
public interface Admission<T extends Message> {

    /**
     * For each record, why it is refused, or {@code null} where it is admitted: a list of the same size and order as
     * {@code records}, whose messages are {@code messages}.
     */
    List<String> refusals(List<ConsumerRecord<String, byte[]>> records, List<T> messages);
}
