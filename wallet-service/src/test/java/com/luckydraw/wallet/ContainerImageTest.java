package com.luckydraw.wallet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as Jib builds it from this module's pom, read from the tarball the build makes on the empty
 * base just before the tests (target/jib-image-scratch.tar; the real one, on eclipse-temurin, needs a registry and
 * differs only in its base layers): it starts this service, exposes the port the service listens on, and runs as the
 * user the Kubernetes manifest's pods require.
 */
class ContainerImageTest {

    private static final Path TARBALL = Path.of("target", "jib-image-scratch.tar");
    private static final Path MANIFEST = Path.of("..", "deploy", "k8s", "wallet-service.yaml");
    private static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    @Test
    void theImageStartsTheServiceOnItsPortAsTheUserThePodsRunAs() throws IOException {
        assertThat(TARBALL).as("built by the pom's image-on-scratch execution (process-test-classes)").isRegularFile();
        Map<String, byte[]> files = tarFiles(TARBALL);
        JsonMapper json = JsonMapper.builder().build();
        String configFile = json.readTree(files.get("manifest.json")).get(0).get("Config").asString();
        JsonNode config = json.readTree(files.get(configFile)).get("config");

        JsonNode entrypoint = config.get("Entrypoint");
        assertThat(entrypoint.get(0).asString()).isEqualTo("java");
        assertThat(entrypoint.get(entrypoint.size() - 1).asString()).isEqualTo(WalletApplication.class.getName());

        assertThat(config.get("ExposedPorts").propertyNames()).containsExactly(configuredPort() + "/tcp");

        Map<String, Object> pod = deploymentPod();
        @SuppressWarnings("unchecked")
        Map<String, Object> security = (Map<String, Object>) pod.get("securityContext");
        assertThat(config.get("User").asString()).isEqualTo("65532:65532")
                .isEqualTo(security.get("runAsUser") + ":" + security.get("runAsGroup"));
    }

    /** server.port's default in application.yml: {@code ${WALLET_PORT:8081}}. */
    private static int configuredPort() throws IOException {
        try (InputStream yml = ContainerImageTest.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> application = new Yaml().load(yml);
            @SuppressWarnings("unchecked")
            Object port = ((Map<String, Object>) application.get("server")).get("port");
            Matcher m = DEFAULT_PORT.matcher(String.valueOf(port));
            assertThat(m.matches()).as("server.port is ${VARIABLE:default}, was " + port).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploymentPod() throws IOException {
        for (Object document : new Yaml().loadAll(Files.readString(MANIFEST))) {
            Map<String, Object> object = (Map<String, Object>) document;
            if ("Deployment".equals(object.get("kind"))) {
                Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) object.get("spec"))
                        .get("template");
                return (Map<String, Object>) template.get("spec");
            }
        }
        throw new AssertionError(MANIFEST + " has no Deployment");
    }

    /**
     * The small files of a tar archive by name (the image's JSON; the layers are skipped): 512-byte headers, the
     * name in the first 100 bytes, the size in octal at 124, the content padded to 512.
     */
    private static Map<String, byte[]> tarFiles(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (name.endsWith(".json")) {
                    files.put(name, in.readNBytes((int) size));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return files;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
