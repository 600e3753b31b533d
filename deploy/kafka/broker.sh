#!/usr/bin/env bash
# One node of compose.yaml's Kafka cluster (KRaft, broker and controller in one process), secured as
# infra/bin/kafka secures the local broker: SCRAM-SHA-512 for clients, PLAIN between brokers and controllers,
# StandardAuthorizer denying what no ACL allows. Passwords come from the compose secrets in /run/secrets.
set -euo pipefail
: "${NODE_ID:?}" "${CLUSTER_ID:?}"
secret() { cat "/run/secrets/$1"; }
broker_pw="$(secret kafka-broker)"
admin_pw="$(secret kafka-admin)"
config=/tmp/server.properties
cat >"$config" <<EOF_CONFIG
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
listeners=CLIENT://:9092,CONTROLLER://:9093,INTERNAL://:9094
advertised.listeners=CLIENT://kafka-$NODE_ID:9092,INTERNAL://kafka-$NODE_ID:9094
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker_pw" user_broker="$broker_pw" user_admin="$admin_pw";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker_pw" user_broker="$broker_pw";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:admin
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
EOF_CONFIG
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
    scram=()
    for principal in wallet-service lottery-service order-service operator auditor terminal; do
        scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=$(secret "kafka-$principal")]")
    done
    /opt/kafka/bin/kafka-storage.sh format --config "$config" --cluster-id "$CLUSTER_ID" "${scram[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
