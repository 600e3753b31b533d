package com.luckydraw.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description follows the guard's own configuration: no login where the endpoint is public, the operators'
 * elsewhere; the problems the filters and RequestProblems answer, each in the problem's shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PROBLEM = "/content/application~1problem+json/schema/$ref";

    @LocalServerPort int port;

    private HttpResponse<String> get(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode description() throws Exception {
        var answer = get("Basic " + Base64.getEncoder().encodeToString("operator:test-password"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    @Test
    void eachOperationAsksForTheLoginTheFilterChainAsksFor() throws Exception {
        JsonNode api = description();

        JsonNode open = api.at("/paths/~1things~1{id}/get");
        JsonNode admin = api.at("/paths/~1admin~1settings/post");
        assertThat(open.isObject()).isTrue();
        assertThat(open.has("security")).isFalse();
        assertThat(open.path("responses").has("401")).isFalse();
        assertThat(admin.path("security")).hasToString("[{\"operators\":[]}]");
        assertThat(admin.at("/responses/401" + PROBLEM).asString()).isEqualTo("#/components/schemas/Problem");
        assertThat(api.at("/components/securitySchemes/operators/scheme").asString()).isEqualTo("basic");
        // No terminal endpoints in this service: no terminals' login, and no 403 for one.
        assertThat(api.at("/components/securitySchemes").has("terminals")).isFalse();
        assertThat(admin.path("responses").has("403")).isFalse();
    }

    @Test
    void eachOperationListsTheProblemsTheGuardAndRequestProblemsAnswer() throws Exception {
        JsonNode api = description();

        JsonNode withBody = api.at("/paths/~1admin~1counts/post/responses");
        JsonNode withParameters = api.at("/paths/~1things~1{id}~1parts/get/responses");
        JsonNode limited = api.at("/paths/~1tickets/post/responses");
        assertThat(withBody.at("/400" + PROBLEM).asString()).isEqualTo("#/components/schemas/Problem");
        assertThat(withBody.at("/413" + PROBLEM).asString()).isEqualTo("#/components/schemas/Problem");
        assertThat(withParameters.has("400")).isTrue();
        assertThat(withParameters.has("413")).isFalse();
        assertThat(limited.at("/429/headers").has("Retry-After")).isTrue();
        assertThat(withBody.has("429")).isFalse();
        assertThat(api.at("/components/schemas/Problem/required").toString())
                .contains("\"type\"", "\"title\"", "\"status\"", "\"detail\"");
        assertThat(api.at("/servers/0/url").asString()).isEqualTo("/");
    }

    @Test
    void theDescriptionIsTheOperators() throws Exception {
        var anonymous = get(null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("type").asString())
                .isEqualTo("urn:luckydraw:problem:unauthenticated");
    }
}
