package com.luckydraw.resilience;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code infra/bin/kafka start --tls}: a CA and a broker certificate made by keytool, SASL over TLS on the client
 * listener, client configs that trust the CA. A record goes through over TLS; a client that logs in without TLS gets
 * nothing.
 */
class TlsBrokerTest {

    @Test
    void aBrokerStartedWithTlsTakesLoginsOverTlsOnlyWithTheConfigsItWrote() throws Exception {
        Path root = Path.of(System.getProperty("luckydraw.project.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of("target/private-tls").toAbsolutePath();
        try (var kafka = PrivateKafka.startWithTls(work, root)) {
            Path credentials = kafka.credentialsDir();
            assertThat(KafkaLogin.read(credentials.resolve("operator.properties")))
                    .containsEntry("security.protocol", "SASL_SSL").containsKey("ssl.truststore.location");
            assertThat(credentials.resolve("ca.pem")).isRegularFile();
            assertThat(KafkaLogin.read(credentials.resolve("terminal.librdkafka.conf")))
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.ca.location", credentials.resolve("ca.pem").toString());

            String topic = "tls-probe";
            Map<String, Object> base = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (Admin admin = Admin.create(KafkaLogin.as(KafkaPrincipal.OPERATOR, credentials, base))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            try (var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, credentials,
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap())), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "over TLS")).get(60, TimeUnit.SECONDS);
            }
            try (var consumer = new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.AUDITOR, credentials,
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap())), new StringDeserializer(),
                    new StringDeserializer())) {
                var partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<String> values = new java.util.ArrayList<>();
                await("the record read back over TLS").atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                    return values.contains("over TLS");
                });
            }

            Map<String, Object> withoutTls = new HashMap<>(KafkaLogin.as(KafkaPrincipal.OPERATOR, credentials,
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000)));
            withoutTls.put("security.protocol", "SASL_PLAINTEXT");
            try (Admin admin = Admin.create(withoutTls)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                        .as("a login without TLS on the TLS listener").isNotNull();
            }
        }
    }
}
