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

import static com.luckydraw.infra.deploy.ServiceConfig.at;
import static com.luckydraw.infra.deploy.ServiceConfig.list;
import static com.luckydraw.infra.deploy.ServiceConfig.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s against the services' own configuration and their images (the poms' Jib settings): per service a
 * Deployment with probes on the health groups the service enables, resources, a non-root user and the variables
 * it reads (passwords only from Secrets), a Service and a PodDisruptionBudget that select its pods.
 */
class KubernetesManifestsTest {

    private static final Path K8S = ServiceConfig.ROOT.resolve("deploy/k8s");
    private static final Pattern IMAGE_PORT = Pattern.compile("<image.port>(\\d+)</image.port>");
    private static final Pattern IMAGE_USER = Pattern.compile("<user>(\\d+):\\d+</user>");

    @Test
    void everyServiceHasADeploymentAServiceAndADisruptionBudgetSelectingItsPods() throws IOException {
        for (String module : ServiceConfig.MODULES) {
            Map<String, Map<String, Object>> byKind = objects(module);
            Map<String, Object> deployment = byKind.get("Deployment");
            Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));

            assertThat(byKind).as(module).containsOnlyKeys("Deployment", "Service", "PodDisruptionBudget");
            assertThat(podLabels).containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")))
                    .containsAllEntriesOf(map(at(byKind.get("Service"), "spec", "selector")))
                    .containsAllEntriesOf(map(at(byKind.get("PodDisruptionBudget"), "spec", "selector",
                            "matchLabels")));
            Map<String, Object> budget = map(byKind.get("PodDisruptionBudget").get("spec"));
            assertThat(budget.containsKey("minAvailable") || budget.containsKey("maxUnavailable")).as(module).isTrue();
            assertThat(list(at(byKind.get("Service"), "spec", "ports")).get(0))
                    .containsEntry("port", ServiceConfig.of(module).port()).containsEntry("targetPort", "http");
        }
    }

    @Test
    void theProbesAskTheHealthGroupsTheServiceEnablesOnItsPort() throws IOException {
        for (String module : ServiceConfig.MODULES) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> container = container(module);

            assertThat(config.probesEnabled()).as("%s: management.endpoint.health.probes.enabled", module).isTrue();
            assertThat(list(container.get("ports")).get(0)).containsEntry("name", "http")
                    .containsEntry("containerPort", config.port());
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
            assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
            assertThat(map(at(container, "resources", "requests"))).as(module).containsKeys("cpu", "memory");
            assertThat(map(at(container, "resources", "limits"))).as(module).containsKeys("cpu", "memory");
        }
    }

    @Test
    void theContainersGetTheVariablesTheServicesReadWithPasswordsFromSecretsOnly() throws IOException {
        Map<String, Object> infrastructure = map(new Yaml().<Map<String, Object>>load(
                Files.readString(K8S.resolve("infrastructure.yaml"))).get("data"));

        for (String module : ServiceConfig.MODULES) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> container = container(module);
            Map<String, Map<String, Object>> env = new TreeMap<>();
            list(container.get("env")).forEach(e -> env.put((String) e.get("name"), e));
            Set<String> given = new TreeSet<>(env.keySet());
            given.addAll(infrastructure.keySet());

            assertThat(map(env.get(config.portVariable()))).containsEntry("value", String.valueOf(config.port()));
            assertThat(map(env.get(config.addressVariable()))).containsEntry("value", "0.0.0.0");
            assertThat(given).as("%s's passwords", module).containsAll(config.passwords());
            for (String password : config.passwords()) {
                assertThat(env.get(password)).as("%s of %s", password, module).doesNotContainKey("value");
                assertThat(at(env.get(password), "valueFrom", "secretKeyRef", "name")).isEqualTo("luckydraw-passwords");
            }
            env.keySet().forEach(variable -> assertThat(config.reads(variable))
                    .as("%s is given %s, which it does not read", module, variable).isTrue());
            infrastructure.keySet().forEach(variable -> assertThat(variable)
                    .as("the shared ConfigMap names only what the services read").satisfies(v ->
                            assertThat(ServiceConfig.MODULES.stream().anyMatch(m -> ServiceConfig.of(m).reads(v)))
                                    .isTrue()));
        }
    }

    @Test
    void theImagesExposeTheServicesPortsAndRunAsTheUserThePodsRequire() throws IOException {
        Matcher user = IMAGE_USER.matcher(Files.readString(ServiceConfig.ROOT.resolve("pom.xml")));
        assertThat(user.find()).as("the parent pom's Jib container user").isTrue();
        assertThat(Files.readString(ServiceConfig.ROOT.resolve("pom.xml"))).contains("<image>eclipse-temurin:17-jre</image>");

        for (String module : ServiceConfig.MODULES) {
            Matcher port = IMAGE_PORT.matcher(Files.readString(ServiceConfig.ROOT.resolve(module).resolve("pom.xml")));
            Map<String, Object> container = container(module);
            Map<String, Object> pod = map(at(objects(module).get("Deployment"), "spec", "template", "spec"));

            assertThat(port.find()).as("%s's images profile sets image.port", module).isTrue();
            assertThat(Integer.parseInt(port.group(1))).as(module).isEqualTo(ServiceConfig.of(module).port());
            assertThat(at(container, "image")).isEqualTo("luckydraw/" + module + ":0.1.0-SNAPSHOT");
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext", "runAsUser")).isEqualTo(Integer.parseInt(user.group(1)));
        }
    }

    private static Map<String, Object> container(String module) throws IOException {
        return list(at(objects(module).get("Deployment"), "spec", "template", "spec", "containers")).get(0);
    }

    private static Map<String, Map<String, Object>> objects(String module) throws IOException {
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        for (Object document : new Yaml().loadAll(Files.readString(K8S.resolve(module + ".yaml")))) {
            Map<String, Object> object = map(document);
            byKind.put((String) object.get("kind"), object);
        }
        return byKind;
    }
}
