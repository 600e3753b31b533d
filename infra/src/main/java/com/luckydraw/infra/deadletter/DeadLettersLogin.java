package com.luckydraw.infra.deadletter;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Who {@code infra/bin/dead-letters} is on the broker: the operator, who may read and republish everything, unless
 * told otherwise as {@code infra/bin/kafka-tool} is: a client config file ({@code --command-config}) wins, else
 * {@value #PRINCIPAL_VARIABLE} names another principal, whose config comes from the credentials folder. The broker
 * then allows only what that principal may do (the auditor lists, but may not republish).
 *
 * @param who    how messages name the login: the principal, or the file it came from
 * @param config the client's security settings (protocol, mechanism, JAAS login), without bootstrap servers
 */
public record DeadLettersLogin(String who, Map<String, Object> config) {

    public static final String PRINCIPAL_VARIABLE = "DEAD_LETTERS_PRINCIPAL";

    public DeadLettersLogin {
        config = Map.copyOf(config);
    }

    /** The operator's config, from the credentials folder of this process's environment. */
    public static DeadLettersLogin operator() {
        return new DeadLettersLogin(KafkaPrincipal.OPERATOR.user(), KafkaLogin.clientConfig(KafkaPrincipal.OPERATOR));
    }

    /** {@code principal}'s config from the credentials folder of the broker read (the audit reads as the auditor). */
    public static DeadLettersLogin as(KafkaPrincipal principal, Path credentials) {
        return new DeadLettersLogin(principal.user(), KafkaLogin.clientConfig(principal, credentials));
    }

    /** {@code commandConfig} when given, else the principal {@value #PRINCIPAL_VARIABLE} names, else the operator. */
    static DeadLettersLogin of(Path commandConfig, Map<String, String> env) {
        if (commandConfig != null) {
            Map<String, Object> config = KafkaLogin.read(commandConfig);
            config.remove("bootstrap.servers");
            return new DeadLettersLogin("the login of " + commandConfig, config);
        }
        String name = env.get(PRINCIPAL_VARIABLE);
        KafkaPrincipal principal;
        try {
            principal = name == null || name.isBlank() ? KafkaPrincipal.OPERATOR : KafkaPrincipal.of(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PRINCIPAL_VARIABLE + ": " + e.getMessage());
        }
        return new DeadLettersLogin(principal.user(),
                KafkaLogin.clientConfig(principal, KafkaLogin.credentialsDir(env)));
    }

    /** {@code clientConfig} with this login's security settings added. */
    Map<String, Object> with(Map<String, Object> clientConfig) {
        var merged = new HashMap<>(clientConfig);
        merged.putAll(config);
        return merged;
    }
}
