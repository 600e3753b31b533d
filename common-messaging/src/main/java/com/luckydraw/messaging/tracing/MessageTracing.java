package com.luckydraw.messaging.tracing;

import com.luckydraw.events.Message;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries a purchase's trace across the outbox and the batch listeners, where no thread and no Kafka client sees both
 * ends of a hop: an outgoing message's trace context (W3C {@value #TRACEPARENT_HEADER}) is stored with its outbox row
 * and sent as a header by the relay; each consumed record opens an observation continuing its header (a new trace
 * when it has none). The observations are Micrometer's: with a tracer on the classpath (the OpenTelemetry bridge) they
 * are spans, the trace id reaches the logs' MDC, and the propagator writes and reads the header; without one nothing
 * is stored or sent.
 *
 * <p>A batch applied in one transaction runs one handler call for many messages. Each outgoing message is then
 * matched to the consumed message of the same purchase (posId, bizId), so its row carries that message's trace,
 * not the batch's; log lines of such a call carry no single trace id. A one-message batch runs inside its
 * message's observation, and its log lines carry its trace id.
 */
public class MessageTracing {

    public static final String TRACEPARENT_HEADER = "traceparent";
    static final String PROCESS = "luckydraw.message.process";
    static final String OUTGOING = "luckydraw.message.outgoing";

    /** The observations of the batch this thread is applying, by purchase. */
    private static final ThreadLocal<Map<String, Observation>> APPLYING = new ThreadLocal<>();

    private final ObservationRegistry registry;

    public MessageTracing(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** No tracing: nothing is stored, sent or continued. */
    public static MessageTracing none() {
        return new MessageTracing(ObservationRegistry.NOOP);
    }

    /** Starts the observation of a consumed record, continuing the trace in its header. Stop it when applied. */
    public Observation received(ConsumerRecord<String, byte[]> record) {
        var context = new ReceiverContext<ConsumerRecord<String, byte[]>>(MessageTracing::header);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(PROCESS, () -> context, registry)
                .contextualName(record.topic() + " process")
                .lowCardinalityKeyValue("messaging.destination.name", record.topic())
                .highCardinalityKeyValue("messaging.kafka.offset", Long.toString(record.offset()))
                .start();
    }

    /**
     * Runs {@code work} as the application of {@code messages}, whose observations are {@code observations} (same
     * order): one message runs in its observation's scope; several let {@link #traceparentFor} find theirs.
     */
    public <R> R applying(List<? extends Message> messages, List<Observation> observations, Supplier<R> work) {
        if (messages.size() == 1) {
            try (Observation.Scope scope = observations.get(0).openScope()) {
                return work.get();
            }
        }
        Map<String, Observation> byPurchase = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            byPurchase.putIfAbsent(purchase(messages.get(i)), observations.get(i));
        }
        Map<String, Observation> outer = APPLYING.get();
        APPLYING.set(byPurchase);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                APPLYING.remove();
            } else {
                APPLYING.set(outer);
            }
        }
    }

    /**
     * The trace context to store with an outgoing message: a child of the consumed message of the same purchase in the
     * batch being applied, else of the current observation (an HTTP request, a single message), else a new trace.
     * Null without a tracer.
     */
    public String traceparentFor(Message outgoing) {
        Map<String, Observation> batch = APPLYING.get();
        Observation parent = batch == null ? null : batch.get(purchase(outgoing));
        if (parent == null) {
            parent = registry.getCurrentObservation();
        }
        var context = new SenderContext<Map<String, String>>((carrier, key, value) -> carrier.put(key, value));
        context.setCarrier(new HashMap<>());
        context.setRemoteServiceName("kafka");
        Observation.createNotStarted(OUTGOING, () -> context, registry)
                .contextualName(outgoing.type() + " send")
                .lowCardinalityKeyValue("messaging.message.type", outgoing.type())
                .parentObservation(parent)
                .start()
                .stop();
        return context.getCarrier().get(TRACEPARENT_HEADER);
    }

    private static String purchase(Message message) {
        return message.posId() + '\u0000' + message.bizId();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
