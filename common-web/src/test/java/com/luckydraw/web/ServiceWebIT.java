package com.luckydraw.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared guard over a real server: who may call what, and how big a body may be. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceWebIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = basic("operator", "test-password");

    @LocalServerPort int port;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher json(int bytes) {
        return HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(bytes - 2) + "\"");
    }

    /** A body of unknown length, which the client sends chunked. */
    private static HttpRequest.BodyPublisher chunked(int bytes) {
        byte[] body = ("\"" + "x".repeat(bytes - 2) + "\"").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static JsonNode problem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    void anAdminEndpointWithoutLoginIsAnUnauthorizedProblemSayingWhatIsMissing() throws Exception {
        var answer = send(request("/admin/things").header("Content-Type", "application/json").POST(json(10)));

        JsonNode problem = problem(answer, 401);
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:unauthenticated");
        assertThat(problem.path("detail").asString()).contains("HTTP Basic", "SERVICE_ADMIN_USER");
        assertThat(problem.path("instance").asString()).isEqualTo("/admin/things");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"luckydraw\"");
    }

    @Test
    void aWrongPasswordIsAnUnauthorizedProblem() throws Exception {
        var answer = send(request("/admin/things").header("Authorization", basic("operator", "guess"))
                .header("Content-Type", "application/json").POST(json(10)));

        assertThat(problem(answer, 401).path("detail").asString()).isEqualTo("the user or password is wrong");
    }

    @Test
    void theOperatorsLoginOpensTheAdminEndpoints() throws Exception {
        var answer = send(request("/admin/things").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(json(10)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("received").asInt()).isEqualTo(10);
        assertThat(answer.headers().firstValue("Set-Cookie")).as("stateless: no session").isEmpty();
    }

    @Test
    void publicEndpointsNeedNoLoginAndNoCsrfToken() throws Exception {
        assertThat(send(request("/things/7").GET()).statusCode()).isEqualTo(200);

        var order = send(request("/orders-of-things").header("Content-Type", "application/json").POST(json(10)));
        assertThat(order.statusCode()).isEqualTo(200);
    }

    @Test
    void onlyTheListedMethodIsPublic() throws Exception {
        var answer = send(request("/things/7").header("Content-Type", "application/json").POST(json(10)));

        problem(answer, 401);
    }

    @Test
    void healthIsOpenButItsDetailsNeedTheLogin() throws Exception {
        var anonymous = send(request("/actuator/health").GET());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(anonymous.body());
        assertThat(status.path("status").asString()).isEqualTo("UP");
        assertThat(status.has("components")).isFalse();

        var operator = send(request("/actuator/health").header("Authorization", OPERATOR).GET());
        assertThat(JSON.readTree(operator.body()).path("components").has("ping")).isTrue();

        assertThat(send(request("/actuator/info").GET()).statusCode()).isEqualTo(200);
        var liveness = send(request("/actuator/health/liveness").GET());
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).path("status").asString()).isEqualTo("UP");
        assertThat(send(request("/actuator/health/readiness").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyGivingAFieldTwiceIsABadRequest() throws Exception {
        var once = send(request("/admin/settings").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"shares\":1,\"round\":2}")));
        assertThat(once.statusCode()).isEqualTo(200);

        var twice = send(request("/admin/settings").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"shares\":1,\"round\":2,\"shares\":2}")));
        problem(twice, 400);
    }

    @Test
    void metricsNeedTheLogin() throws Exception {
        problem(send(request("/actuator/prometheus").GET()), 401);
        problem(send(request("/actuator/metrics").GET()), 401);
        problem(send(request("/actuator").GET()), 401);

        var prometheus = send(request("/actuator/prometheus").header("Authorization", OPERATOR).GET());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void anUnknownPathNeedsTheLoginToo() throws Exception {
        problem(send(request("/nothing-here").GET()), 401);
        assertThat(send(request("/nothing-here").header("Authorization", OPERATOR).GET()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeAnythingReadsIt() throws Exception {
        // One megabyte: Tomcat reads and drops up to 2 MiB of a refused body to keep the connection; past that it
        // closes it, and the reset may reach a client still sending before the 413 does (hence the test below).
        var answer = send(request("/admin/things").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(json(1_000_000)));

        JsonNode problem = problem(answer, 413);
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:body-too-large");
        assertThat(problem.path("detail").asString())
                .isEqualTo("the body of 1000000 bytes is larger than the limit of 65536 bytes");
    }

    @Test
    void aClientThatAsksBeforeSendingThreeMegabytesIsRefusedBeforeItSendsAByte() throws Exception {
        // As curl asks for a body over 1 MB (Expect: 100-continue); the JDK 17 client waits forever for a 100 there.
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /admin/things HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + OPERATOR + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 3000000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            var answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(answer.readLine()).as("the final answer, not an invitation to send").startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        // One megabyte: past the limit, and within what the server reads and drops after answering, so the connection
        // closes cleanly after the 413 (bigger chunked bodies are cut off, and the client may see only the reset).
        var answer = send(request("/admin/things").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(chunked(1_000_000)));

        assertThat(problem(answer, 413).path("detail").asString())
                .isEqualTo("the body is larger than the limit of 65536 bytes");
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheController() throws Exception {
        var answer = send(request("/admin/things").header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(chunked(65_536)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("received").asInt()).isEqualTo(65_536);
    }

    @Test
    void aBodyOverTheLimitIsRefusedEvenOnAPublicEndpoint() throws Exception {
        var answer = send(request("/orders-of-things").header("Content-Type", "application/json")
                .POST(json(65_537)));

        problem(answer, 413);
    }
}
