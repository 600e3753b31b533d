package com.luckydraw.e2e;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.terminal.TerminalKeyring;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes purchase requests as a terminal does: to the requests topic, keyed {@code posId:bizId}, signed with the
 * key of the terminal its posId names (registered by {@link E2eSystem}).
 */
final class Purchases implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Part of every id a run makes, so runs never collide on the databases they share. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private final String bootstrap;
    private final MessageCodec codec = new MessageCodec();
    private final KafkaProducer<String, byte[]> producer;
    private volatile TerminalKeyring terminals;

    Purchases(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = producer(bootstrap);
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.TERMINAL, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new ByteArraySerializer());
    }

    void signWith(TerminalKeyring terminals) {
        this.terminals = terminals;
    }

    /** A fresh id for this run: {@code <prefix>-<run>-<n>}. */
    static String id(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    static PurchaseRequested request(String userId, long roundId, int shares, long pricePerShare,
            PaymentMethod method) {
        return PurchaseRequested.of(id("e2e"), "pos-e2e", userId, roundId, shares, pricePerShare, "CNY", method);
    }

    /** The same purchase again: same key and payload, a new messageId, as a terminal's resend. */
    static PurchaseRequested resend(PurchaseRequested original) {
        return new PurchaseRequested(UUID.randomUUID(), original.schemaVersion(), original.bizId(), original.posId(),
                original.correlationId(), original.occurredAt(), original.userId(), original.roundId(),
                original.shares(), original.pricePerShare(), original.currency(), original.paymentMethod());
    }

    /** Sends and waits for the broker's acknowledgement. */
    PurchaseRequested publish(PurchaseRequested request) {
        send(producer, request);
        return request;
    }

    void send(KafkaProducer<String, byte[]> with, PurchaseRequested request) {
        try {
            with.send(terminals.signed(Topics.PURCHASE_REQUESTS.name(), request.posId(), request.bizId(),
                    codec.encode(request))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
