package com.luckydraw.messaging.tracing;

import com.luckydraw.events.Message;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.propagation.Propagator;
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
 * <p>An outgoing message carries the context of the span that handled its cause (the consumed message's, or the HTTP
 * request's), so the next service's span is that span's child; no span is made per outgoing message. A whole
 * observation per outgoing message, with its timers, cost 7-14 % of each service's CPU under load
 * (docs/benchmarks.md, "Where the CPU goes") for a span that only said "sent".
 *
 * <p>A batch applied in one transaction runs one handler call for many messages. Each outgoing message is then
 * matched to the consumed message of the same purchase (posId, bizId), so its row carries that message's trace,
 * not the batch's; log lines of such a call carry no single trace id. A one-message batch runs inside its
 * message's observation, and its log lines carry its trace id.
 */
public class MessageTracing {

    public static final String TRACEPARENT_HEADER = "traceparent";
    static final String PROCESS = "luckydraw.message.process";

    /** The observations of the batch this thread is applying, by purchase. */
    private static final ThreadLocal<Map<String, Observation>> APPLYING = new ThreadLocal<>();

    private final ObservationRegistry registry;
    private final Tracer tracer;
    private final Propagator propagator;

    /** @param tracer and {@code propagator}: null (or no-op) when nothing is traced */
    public MessageTracing(ObservationRegistry registry, Tracer tracer, Propagator propagator) {
        this.registry = registry;
        this.tracer = tracer == null ? Tracer.NOOP : tracer;
        this.propagator = propagator == null ? Propagator.NOOP : propagator;
    }

    /** No tracing: nothing is stored, sent or continued. */
    public static MessageTracing none() {
        return new MessageTracing(ObservationRegistry.NOOP, Tracer.NOOP, Propagator.NOOP);
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
     * The trace context to store with an outgoing message: the span of the consumed message of the same purchase in the
     * batch being applied, else the current span (an HTTP request, a single message), else a new trace. Null without a
     * tracer.
     */
    public String traceparentFor(Message outgoing) {
        if (tracer == Tracer.NOOP || propagator == Propagator.NOOP) {
            return null;
        }
        Map<String, Observation> batch = APPLYING.get();
        Observation parent = batch == null ? null : batch.get(purchase(outgoing));
        Span span = parent == null ? null : spanOf(parent);
        if (span == null) {
            span = tracer.currentSpan();
        }
        if (span != null) {
            return traceparent(span.context());
        }
        // Nothing being handled (a scheduled resend): the message starts a trace of its own.
        Span root = tracer.nextSpan().name(outgoing.type() + " send").start();
        try {
            return traceparent(root.context());
        } finally {
            root.end();
        }
    }

    private String traceparent(TraceContext context) {
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT_HEADER);
    }

    private static Span spanOf(Observation observation) {
        TracingContext tracing = observation.getContext().get(TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    private static String purchase(Message message) {
        return message.posId() + '\u0000' + message.bizId();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
