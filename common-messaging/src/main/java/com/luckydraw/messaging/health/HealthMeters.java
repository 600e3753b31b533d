package com.luckydraw.messaging.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health components an operator is alerted on, as meters Prometheus can scrape (infra/prometheus): gauge
 * {@code luckydraw.health.up} is 1 while a component (kafka, redis, outbox, db...) is UP and 0 otherwise, and
 * {@code luckydraw.kafka.consumer.lag} is each consumer group's lag as the Kafka component measured it (NaN while
 * the broker does not answer), {@code luckydraw.kafka.brokers} the live brokers of the cluster it saw. A component is checked at most once per {@link #FRESH_FOR}, whatever the number of
 * scrapers, so a scrape costs at most one broker round trip.
 */
public class HealthMeters implements ApplicationListener<ContextRefreshedEvent> {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final List<String> SUFFIXES = List.of("HealthIndicator", "HealthContributor");

    private final MeterRegistry meters;
    private final Map<String, HealthIndicator> indicatorsByBeanName;
    private final KafkaListenerEndpointRegistry listeners;
    private final Clock clock;
    private final Map<String, Checked> lastCheck = new ConcurrentHashMap<>();

    private record Checked(Health health, Instant at) {
    }

    public HealthMeters(MeterRegistry meters, Map<String, HealthIndicator> indicatorsByBeanName,
            KafkaListenerEndpointRegistry listeners, Clock clock) {
        this.meters = meters;
        this.indicatorsByBeanName = Map.copyOf(indicatorsByBeanName);
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Registered once the listeners are known: their groups are the lag gauges' tags. */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        indicatorsByBeanName.forEach((bean, indicator) -> {
            String component = componentName(bean);
            Gauge.builder("luckydraw.health.up", () -> Status.UP.equals(check(component, indicator).getStatus()) ? 1 : 0)
                    .description("1 while the health component is UP, else 0").tag("component", component)
                    .register(meters);
            if (component.equals("kafka")) {
                // A lost node of a cluster leaves the service UP (the others lead its partitions): only the count
                // of live brokers falling tells it (alert LuckydrawKafkaBrokerLost).
                Gauge.builder("luckydraw.kafka.brokers", () -> brokers(check(component, indicator)))
                        .description("live Kafka brokers in the cluster, as measured by health (NaN if none answers)")
                        .register(meters);
                for (MessageListenerContainer container : listeners.getListenerContainers()) {
                    String group = container.getGroupId();
                    if (group != null) {
                        Gauge.builder("luckydraw.kafka.consumer.lag", () -> lag(check(component, indicator), group))
                                .description("records the consumer group has still to read, as measured by health")
                                .tag("group", group).register(meters);
                    }
                }
            }
        });
    }

    /** As Spring Boot names the health component of a bean: without its suffix. */
    static String componentName(String bean) {
        return SUFFIXES.stream().filter(bean::endsWith).findFirst()
                .map(suffix -> bean.substring(0, bean.length() - suffix.length())).orElse(bean);
    }

    private Health check(String component, HealthIndicator indicator) {
        Instant now = clock.instant();
        return lastCheck.compute(component, (name, last) -> last != null
                && Duration.between(last.at(), now).compareTo(FRESH_FOR) < 0 ? last
                        : new Checked(indicator.health(), now)).health();
    }

    private static double brokers(Health kafka) {
        return Status.UP.equals(kafka.getStatus()) && kafka.getDetails().get("brokers") instanceof Number brokers
                ? brokers.doubleValue() : Double.NaN;
    }

    private static double lag(Health kafka, String group) {
        if (kafka.getDetails().get("consumerLag") instanceof Map<?, ?> byGroup
                && byGroup.get(group) instanceof Number lag) {
            return lag.doubleValue();
        }
        return Double.NaN;
    }
}
