package com.luckydraw.messaging;

import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.messaging.inbox.ExactlyOnceProcessing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** A minimal service over the messaging library: its effect is a counter per applied message. */
@SpringBootApplication
public class MessagingTestApplication {

    static final String GROUP = "messaging-test";

    @Component
    static class CountingConsumer {

        private final ExactlyOnceProcessing processing;
        private final JdbcTemplate jdbc;

        CountingConsumer(ExactlyOnceProcessing processing, JdbcTemplate jdbc) {
            this.processing = processing;
            this.jdbc = jdbc;
        }

        @KafkaListener(id = GROUP, topics = "${test.topic}")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            processing.process(records, OrderEvent.class, messages -> messages.forEach(m -> jdbc.update("""
                    INSERT INTO test_effect (message_id, applications) VALUES (?, 1)
                    ON CONFLICT (message_id) DO UPDATE SET applications = test_effect.applications + 1
                    """, m.message().messageId())));
        }
    }
}
