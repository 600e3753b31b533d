package com.luckydraw.infra.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.luckydraw.infra.deploy.ServiceConfig.list;
import static com.luckydraw.infra.deploy.ServiceConfig.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose.yaml against the services' own configuration: it parses, runs PostgreSQL, Redis and a three-node
 * SASL Kafka cluster, and gives each service its port, its address, the variables it reads (and no others) and
 * every password it needs, from env files or secrets, never written in the file.
 */
class ComposeFileTest {

    private static final Path DEPLOY = ServiceConfig.ROOT.resolve("deploy");
    private static final Pattern ENV_FILE = Pattern.compile("write (\\S+\\.env) \"([^\"]*)\"");
    private static final Pattern KEY = Pattern.compile("(?m)^([A-Z][A-Z0-9_]*)=");

    @Test
    void theFileRunsTheInfrastructureWithAThreeNodeSaslKafkaCluster() throws IOException {
        Map<String, Object> services = services();

        assertThat(services).containsKeys("postgres", "redis", "kafka-1", "kafka-2", "kafka-3", "kafka-access",
                "wallet-service", "lottery-service", "order-service", "admin-dashboard");
        String broker = Files.readString(DEPLOY.resolve("kafka/broker.sh"));
        assertThat(broker).contains("controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093",
                "listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512", "allow.everyone.if.no.acl.found=false",
                "min.insync.replicas=2");
        assertThat(map(map(services.get("postgres")).get("environment")))
                .containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres");
    }

    @Test
    void everyServiceGetsItsPortAddressAndInfrastructureFromTheVariablesItReads() throws IOException {
        Map<String, Object> services = services();
        Map<String, Set<String>> envFiles = envFileKeys();

        for (String module : ServiceConfig.MODULES) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> service = map(services.get(module));
            Map<String, Object> environment = map(service.get("environment"));
            Set<String> fromFiles = new TreeSet<>();
            for (Object file : (List<?>) service.get("env_file")) {
                assertThat(envFiles).as("%s's env file %s is written by deploy/make-secrets", module, file)
                        .containsKey(String.valueOf(file));
                fromFiles.addAll(envFiles.get(String.valueOf(file)));
            }

            assertThat(service.get("image")).isEqualTo("luckydraw/" + module + ":0.1.0-SNAPSHOT");
            assertThat(environment).as(module).containsEntry(config.portVariable(), String.valueOf(config.port()))
                    .containsEntry(config.addressVariable(), "0.0.0.0").containsKey("PGHOST");
            assertThat(service.get("ports")).as(module)
                    .isEqualTo(List.of("127.0.0.1:" + config.port() + ":" + config.port()));
            for (String variable : config.variables()) {
                if (variable.equals("REDIS_HOST") || variable.equals("KAFKA_BOOTSTRAP_SERVERS")) {
                    assertThat(environment).as("%s reads %s", module, variable).containsKey(variable);
                }
            }
            Set<String> given = new TreeSet<>(environment.keySet());
            given.addAll(fromFiles);
            assertThat(given).as("%s's passwords", module).containsAll(config.passwords());
            given.forEach(variable -> assertThat(config.reads(variable))
                    .as("%s is given %s, which it does not read", module, variable).isTrue());
            environment.keySet().forEach(variable -> assertThat(variable).as("no literal password in compose.yaml")
                    .doesNotEndWith("_PASSWORD"));
        }
    }

    @Test
    void theServicesLogInToKafkaWithTheirOwnClientConfigFromASecret() throws IOException {
        Map<String, Object> services = services();
        Map<String, Object> secrets = map(new Yaml().<Map<String, Object>>load(
                Files.readString(DEPLOY.resolve("compose.yaml"))).get("secrets"));

        for (String module : List.of("wallet-service", "lottery-service", "order-service")) {
            Map<String, Object> service = map(services.get(module));
            Map<String, Object> secret = list(service.get("secrets")).get(0);

            assertThat(map(service.get("environment"))).containsEntry("KAFKA_CLIENT_CONFIG",
                    "/run/secrets/" + secret.get("target"));
            assertThat(map(secrets.get((String) secret.get("source"))))
                    .containsEntry("file", "secrets/" + module + ".properties");
        }
        assertThat(Files.readString(DEPLOY.resolve("make-secrets")))
                .contains("for principal in wallet-service lottery-service order-service operator auditor terminal")
                .contains("sasl.mechanism=SCRAM-SHA-512");
    }

    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml")));
        return map(compose.get("services"));
    }

    /** The variables of each env file deploy/make-secrets writes. */
    private static Map<String, Set<String>> envFileKeys() throws IOException {
        Map<String, Set<String>> keys = new TreeMap<>();
        Matcher file = ENV_FILE.matcher(Files.readString(DEPLOY.resolve("make-secrets")));
        while (file.find()) {
            Set<String> names = new TreeSet<>();
            Matcher key = KEY.matcher(file.group(2));
            while (key.find()) {
                names.add(key.group(1));
            }
            keys.put("secrets/" + file.group(1), names);
        }
        assertThat(keys).isNotEmpty();
        return keys;
    }
}
