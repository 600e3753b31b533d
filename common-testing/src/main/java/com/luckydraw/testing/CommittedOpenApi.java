package com.luckydraw.testing;

import org.opentest4j.AssertionFailedError;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's OpenAPI description as committed, {@code docs/openapi/<service>.json}, held against the one its running
 * controllers serve at {@code /v3/api-docs}, so that a change to the HTTP API cannot leave the committed file behind.
 * Both are compared in one canonical form: keys sorted at every level, two spaces of indentation, one element a line,
 * so a change shows as a small diff. With {@code -Dluckydraw.openapi.write=true} the served description is written
 * to the file instead, to be reviewed and committed.
 */
public final class CommittedOpenApi {

    /** The system property that writes the served description to the committed file instead of comparing. */
    public static final String WRITE = "luckydraw.openapi.write";

    static final String PATH = "/v3/api-docs";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final String service;
    private final Path file;

    public CommittedOpenApi(String service) {
        this.service = service;
        // A module's tests run in its folder; the repository's root is the parent.
        this.file = Path.of("..", "docs", "openapi", service + ".json").toAbsolutePath().normalize();
    }

    /**
     * Fetches the description from the service on {@code port} with the operators' login and asserts it is the
     * committed one, or writes it there when {@value #WRITE} is true.
     */
    public void assertServedBy(int port, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(port, user + ":" + password);
        assertThat(answer.statusCode()).as("%s's GET %s with the operators' login: %s", service, PATH, answer.body())
                .isEqualTo(200);
        String served = canonical(answer.body());
        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, served, StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError(file + " is missing: " + regenerate());
        }
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        if (!served.equals(committed)) {
            throw new AssertionFailedError(difference(committed, served), committed, served);
        }
    }

    /** The description is the operators': without a login it is refused like every other closed path. */
    public void assertClosedWithoutLogin(int port) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(port, null);
        assertThat(answer.statusCode()).as("%s's GET %s without a login: %s", service, PATH, answer.body())
                .isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("type").asString())
                .isEqualTo("urn:luckydraw:problem:unauthenticated");
    }

    /** Keys sorted at every level, arrays in their order (an OpenAPI array's order means something). */
    static String canonical(String json) {
        return JSON.writer().with(PRETTY).writeValueAsString(sorted(JSON.readTree(json))) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            new TreeSet<>(object.propertyNames()).forEach(name -> copy.set(name, sorted(object.get(name))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    private String difference(String committed, String served) {
        List<String> was = committed.lines().toList();
        List<String> is = served.lines().toList();
        int line = 0;
        while (line < was.size() && line < is.size() && was.get(line).equals(is.get(line))) {
            line++;
        }
        return "docs/openapi/" + service + ".json is not what " + service + " serves at " + PATH + "; first"
                + " difference at line " + (line + 1) + ":\n  committed: " + (line < was.size() ? was.get(line).strip()
                : "(end of file)") + "\n  served:    " + (line < is.size() ? is.get(line).strip() : "(end)")
                + "\nIf the API change is intended, " + regenerate();
    }

    private String regenerate() {
        return "write it from the running controllers with infra/bin/test -pl " + service + " -am -Dtest='*OpenApi*'"
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true, review the diff and commit it.";
    }

    private static HttpResponse<String> get(int port, String login) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .timeout(Duration.ofSeconds(30));
        if (login != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
