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
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors Spring MVC finds in a request are answered alike in every service: one problem type per error, its detail saying what is wrong. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestProblemsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = "Basic " + Base64.getEncoder()
            .encodeToString("operator:test-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort int port;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/counts"))
                .header("Authorization", OPERATOR).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> answer, int status, String name, String detail) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:luckydraw:problem:" + name);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).contains(detail);
        return problem;
    }

    @Test
    void aReadableBodyIsAccepted() throws Exception {
        var answer = post("application/json", "{\"name\":\"n\",\"items\":[{\"amount\":1},{\"amount\":2}]}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("total").asInt()).isEqualTo(2);
    }

    @Test
    void malformedJsonIsAMalformedBodyProblemSayingWhere() throws Exception {
        problem(post("application/json", "{\"name\":\"n\","), 400, "malformed-body", "malformed JSON: ");
        problem(post("application/json", "{\"name\":\"n\","), 400, "malformed-body", "(line 1, column");
    }

    @Test
    void aFieldOfTheWrongTypeOrOutOfRangeIsNamedInTheDetailAndTheErrors() throws Exception {
        JsonNode wrongType = problem(post("application/json", "{\"name\":\"n\",\"items\":[{\"amount\":\"many\"}]}"), 400,
                "malformed-body", "field 'items[0].amount': ");
        assertThat(wrongType.path("errors").findValuesAsString("field")).containsExactly("items[0].amount");

        problem(post("application/json", "{\"name\":\"n\",\"items\":[{\"amount\":99999999999999999999}]}"), 400,
                "malformed-body", "out of range");
    }

    @Test
    void aMissingBodyOrOneThatIsNotAnObjectIsAMalformedBodyProblem() throws Exception {
        problem(post("application/json", ""), 400, "malformed-body", "the request body is required");
        problem(post("application/json", "[1,2]"), 400, "malformed-body", "the body must be a JSON object");
    }

    @Test
    void aParameterOfTheWrongTypeOrMissingIsAnInvalidParameterProblem() throws Exception {
        JsonNode wrongType = problem(get("/things/abc/parts?limit=1"), 400, "invalid-parameter",
                "parameter 'id' must be a long, was 'abc'");
        assertThat(wrongType.path("errors").findValuesAsString("field")).containsExactly("id");

        problem(get("/things/7/parts?limit=many"), 400, "invalid-parameter", "parameter 'limit' must be a int");
        problem(get("/things/7/parts"), 400, "invalid-parameter", "parameter 'limit' is required");
    }

    @Test
    void otherRefusalsAreNamedAfterTheirStatus() throws Exception {
        problem(post("text/plain", "hello"), 415, "unsupported-media-type", "text/plain");
        var delete = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things/7/parts"))
                .header("Authorization", OPERATOR).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        problem(delete, 405, "method-not-allowed", "DELETE");
    }
}
