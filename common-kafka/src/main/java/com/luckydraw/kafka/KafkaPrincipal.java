package com.luckydraw.kafka;

import java.util.Arrays;

/**
 * The identities a Kafka client of this system can have. Each authenticates with its own SCRAM-SHA-512 password
 * (generated per machine by {@code infra/bin/kafka}) and may do only what {@link KafkaAccess} grants it.
 */
public enum KafkaPrincipal {

    /** A point of sale: writes purchase requests, reads nothing. */
    TERMINAL("terminal"),
    ORDER_SERVICE("order-service"),
    WALLET_SERVICE("wallet-service"),
    LOTTERY_SERVICE("lottery-service"),
    /** The admin tools: topics, replay (reset-offsets), dead-letter republish. */
    OPERATOR("operator"),
    /** Reads everything, changes nothing: the audit, the dashboard's readers. */
    AUDITOR("auditor");

    private final String user;

    KafkaPrincipal(String user) {
        this.user = user;
    }

    /** The SCRAM user name, also the name of the principal's client config files. */
    public String user() {
        return user;
    }

    public static KafkaPrincipal of(String user) {
        return Arrays.stream(values()).filter(p -> p.user.equals(user)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka principal '" + user + "'; known: "
                        + Arrays.stream(values()).map(KafkaPrincipal::user).toList()));
    }
}
