package com.luckydraw.kafka;

import com.luckydraw.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Prepares a namespace on the broker as the super user: creates its topics ({@link Topics#all()}, replicated as
 * {@link TopicReplication#fromEnvironment()} says) and grants {@link KafkaAccess}'s ACLs. Both are idempotent (an
 * existing topic keeps its replication). {@code infra/bin/kafka-access grant} runs it for a namespace
 * (the JVM's, {@code LUCKYDRAW_TOPICS_NAMESPACE}); the tests run it once per JVM for theirs.
 */
public final class GrantingKafkaAccess {

    private static volatile boolean grantedHere;

    private GrantingKafkaAccess() {
    }

    public static void main(String[] args) {
        grant();
        TopicReplication replication = TopicReplication.fromEnvironment();
        System.out.println("kafka-access: namespace '" + Topics.NAMESPACE + "': " + Topics.all().size() + " topics"
                + " (replication factor " + replication.replicationFactor() + ", min.insync.replicas "
                + replication.minInsyncReplicas() + "), "
                + KafkaAccess.aclBindings().size() + " ACLs for " + KafkaAccess.grants().size() + " principals");
    }

    /** Once per JVM: for tests, which may call it from every context and helper. */
    public static synchronized void grantOnce() {
        if (!grantedHere) {
            grant();
            grantedHere = true;
        }
    }

    public static void grant() {
        grant(KafkaLogin.credentialsDir());
    }

    /** For the broker whose principals' configs are in {@code credentialsDir}. */
    public static void grant(Path credentialsDir) {
        grant(credentialsDir, TopicReplication.fromEnvironment());
    }

    /** For the broker whose principals' configs are in {@code credentialsDir}, topics replicated as given. */
    public static void grant(Path credentialsDir, TopicReplication replication) {
        Map<String, Object> config = KafkaLogin.adminConfig(credentialsDir);
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> topics = Topics.all().stream().map(t -> TopicSettings.newTopic(t, replication)).toList();
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            admin.createAcls(KafkaAccess.aclBindings()).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting Kafka access", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare namespace '" + Topics.NAMESPACE + "' on Kafka at "
                    + config.get("bootstrap.servers") + " as its super user: " + e.getMessage()
                    + " (is the broker up? infra/bin/kafka start)", e);
        }
    }
}
