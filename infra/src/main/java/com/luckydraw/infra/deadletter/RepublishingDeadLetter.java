package com.luckydraw.infra.deadletter;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a dead letter back on the topic it was refused from, as its producer would have sent it: the original key
 * (so it lands on the partition of its kin: a purchase beside its resends, a command beside its wallet's others) and
 * the original headers, without the ones dead-lettering added, plus {@value #REPUBLISHED_FROM_HEADER} so the trail
 * stays readable. The value is the original bytes, or the operator's fixed version.
 *
 * <p>The consumer treats it as any new record: a value that is still wrong goes to the dead-letter topic again
 * (with the new reason), and one whose messageId was already applied is skipped by the inbox, so republishing twice
 * does nothing twice.
 */
public final class RepublishingDeadLetter {

    /** Where a republished record came from: {@code <dlt-topic>-<partition>@<offset>}. */
    public static final String REPUBLISHED_FROM_HEADER = "luckydraw-republished-from";

    private final String bootstrap;
    private final DeadLettersLogin login;

    /** Publishes as the operator. */
    public RepublishingDeadLetter(String bootstrap) {
        this(bootstrap, DeadLettersLogin.operator());
    }

    public RepublishingDeadLetter(String bootstrap, DeadLettersLogin login) {
        this.bootstrap = bootstrap;
        this.login = login;
    }

    public record Republished(String topic, int partition, long offset) {
    }

    /** Publishes {@code value} (the dead letter's own bytes when null) to the original topic and waits for the ack. */
    public Republished republish(DeadLetter letter, byte[] value) {
        if (letter.originalTopic() == null) {
            throw new IllegalArgumentException(letter.topic() + "@" + letter.offset()
                    + " does not say which topic it came from (no " + DeadLetter.ORIGINAL_TOPIC_HEADER + " header)");
        }
        var headers = new ArrayList<>(letter.originalHeaders());
        headers.add(new RecordHeader(REPUBLISHED_FROM_HEADER,
                (letter.topic() + "-" + letter.partition() + "@" + letter.offset()).getBytes(StandardCharsets.UTF_8)));
        // No partition: the key chooses it, exactly as for the producer that first sent the record.
        var record = new ProducerRecord<>(letter.originalTopic(), null, letter.key(),
                value != null ? value : letter.value(), headers);
        try (var producer = new KafkaProducer<>(login.with(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024)),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(record).get(45, TimeUnit.SECONDS);
            return new Republished(sent.topic(), sent.partition(), sent.offset());
        } catch (ExecutionException e) {
            if (RefusedByBroker.isRefusal(e.getCause())) {
                throw new RefusedByBroker(login.who() + " writing " + letter.originalTopic(),
                        (RuntimeException) e.getCause(),
                        "republishing needs a principal that may write it, such as the operator (the default without "
                                + DeadLettersLogin.PRINCIPAL_VARIABLE + " or --command-config)");
            }
            throw new IllegalStateException("could not publish to " + letter.originalTopic() + " on " + bootstrap + ": "
                    + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not publish to " + letter.originalTopic() + " on " + bootstrap + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }
}
