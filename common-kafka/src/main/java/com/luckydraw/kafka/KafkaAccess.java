package com.luckydraw.kafka;

import com.luckydraw.events.Topics;
import com.luckydraw.events.Topics.TopicSpec;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may read and write which topic of this JVM's namespace ({@link Topics#NAMESPACE}): the least each principal
 * needs, as Kafka ACLs. A service reads its inbound topics with its own consumer groups (prefixed with its name),
 * writes its outbound topics and the dead-letter topics of what it consumes, and nothing else; a terminal only
 * writes purchase requests. The operator's and the auditor's ACLs do not depend on a namespace; the broker's start
 * grants them (infra/kafka/BrokerPrincipals.java).
 */
public final class KafkaAccess {

    /** What a principal may do on the topics of one namespace. */
    public record Grant(KafkaPrincipal principal, List<TopicSpec> reads, List<TopicSpec> writes, String groupPrefix) {
    }

    private KafkaAccess() {
    }

    public static List<Grant> grants() {
        return List.of(
                new Grant(KafkaPrincipal.TERMINAL, List.of(), List.of(Topics.PURCHASE_REQUESTS), null),
                new Grant(KafkaPrincipal.ORDER_SERVICE,
                        List.of(Topics.PURCHASE_REQUESTS, Topics.WALLET_EVENTS, Topics.LOTTERY_EVENTS),
                        // The HTTP intake hands a terminal's purchase over to the requests topic.
                        List.of(Topics.PURCHASE_REQUESTS, Topics.WALLET_COMMANDS, Topics.LOTTERY_COMMANDS,
                                Topics.ORDER_EVENTS, Topics.TERMINAL_EVENTS, Topics.PURCHASE_REQUESTS.deadLetter(),
                                Topics.WALLET_EVENTS.deadLetter(), Topics.LOTTERY_EVENTS.deadLetter()),
                        "order-"),
                // The terminals' lifecycle, for the wallet's own check of a terminal's login.
                new Grant(KafkaPrincipal.WALLET_SERVICE, List.of(Topics.WALLET_COMMANDS, Topics.TERMINAL_EVENTS),
                        List.of(Topics.WALLET_EVENTS, Topics.WALLET_COMMANDS.deadLetter(),
                                Topics.TERMINAL_EVENTS.deadLetter()), "wallet-"),
                new Grant(KafkaPrincipal.LOTTERY_SERVICE, List.of(Topics.LOTTERY_COMMANDS),
                        List.of(Topics.LOTTERY_EVENTS, Topics.LOTTERY_COMMANDS.deadLetter()), "lottery-"));
    }

    /** The topics a principal writes: those a service creates at start-up (a dead-letter topic included). */
    public static List<TopicSpec> writes(KafkaPrincipal principal) {
        return grants().stream().filter(g -> g.principal() == principal).flatMap(g -> g.writes().stream()).toList();
    }

    /** The grants as ACL bindings, for the broker. */
    public static List<AclBinding> aclBindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants()) {
            String user = "User:" + grant.principal().user();
            for (TopicSpec topic : grant.reads()) {
                for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
                    bindings.add(allow(user, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, operation));
                }
            }
            for (TopicSpec topic : grant.writes()) {
                for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
                    bindings.add(allow(user, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, operation));
                }
            }
            if (grant.groupPrefix() != null) {
                for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
                    bindings.add(allow(user, ResourceType.GROUP, grant.groupPrefix(), PatternType.PREFIXED, operation));
                }
                // Health checks describe the cluster; it reveals broker addresses only.
                bindings.add(allow(user, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                        AclOperation.DESCRIBE));
            }
        }
        return bindings;
    }

    /** Which principal wrote which topic's records, for docs and tests: topic name to writers. */
    public static Map<String, List<KafkaPrincipal>> writersByTopic() {
        Map<String, List<KafkaPrincipal>> writers = new java.util.TreeMap<>();
        for (Grant grant : grants()) {
            for (TopicSpec topic : grant.writes()) {
                writers.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(grant.principal());
            }
        }
        return writers;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }
}
