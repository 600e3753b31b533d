package com.luckydraw.messaging.deadletter;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Makes the dead-letter counter of every topic this service consumes exist at zero once its listeners are known: a
 * dashboard then reads 0 instead of "not reported", and an alert on its rate works from the first record.
 */
public class DeadLetterMeters implements ApplicationListener<ContextRefreshedEvent> {

    private final KafkaListenerEndpointRegistry listeners;
    private final DeadLetters deadLetters;

    public DeadLetterMeters(KafkaListenerEndpointRegistry listeners, DeadLetters deadLetters) {
        this.listeners = listeners;
        this.deadLetters = deadLetters;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        listeners.getListenerContainers().forEach(container -> {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null) {
                for (String topic : topics) {
                    deadLetters.expect(topic);
                }
            }
        });
    }
}
