package com.luckydraw.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-caller rate limit over a real server: POST /tickets allows 1 per second with a burst of 3 per caller. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = "Basic " + Base64.getEncoder()
            .encodeToString("operator:test-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort int port;

    private HttpResponse<String> ticket(String authorization) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tickets"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("\"t\""));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallerFloodingAnEndpointGets429WithRetryAfterWhileAnotherCallerStillGetsThrough() throws Exception {
        // The anonymous caller (keyed by its address) floods; the operator (keyed by its principal) does not.
        List<HttpResponse<String>> flood = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 40 && flood.stream().noneMatch(answer -> answer.statusCode() == 429); i++) {
            flood.add(ticket(null));
        }
        long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(flood.get(0).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = flood.stream().filter(answer -> answer.statusCode() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("40 requests in a row were all let through"));
        assertThat(flood.stream().filter(answer -> answer.statusCode() == 200).count())
                .as("the burst of 3, plus one refill per second the flood took")
                .isBetween(3L, 3L + elapsedSeconds + 1);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asString()).contains("POST /tickets", "address 127.0.0.1");

        var other = ticket(OPERATOR);
        assertThat(other.statusCode()).as("another caller has its own bucket").isEqualTo(200);
        assertThat(JSON.readTree(other.body()).path("received").asInt()).isEqualTo(3);
    }

    @Test
    void endpointsWithoutALimitAreNeverRefused() throws Exception {
        for (int i = 0; i < 20; i++) {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things/" + i))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }
}
