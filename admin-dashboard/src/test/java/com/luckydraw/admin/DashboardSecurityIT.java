package com.luckydraw.admin;

import com.luckydraw.admin.support.DashboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Public, admin-only and CSRF-protected parts of the dashboard, over real HTTP. */
class DashboardSecurityIT extends DashboardTest {

    private final RestClient http = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())).build();

    record Answer(int status, HttpHeaders headers, String body) {
    }

    private Answer get(String path, Consumer<HttpHeaders> headers) {
        return http.get().uri(dashboard(path)).headers(headers).exchange((request, response) -> new Answer(
                response.getStatusCode().value(), response.getHeaders(),
                new String(response.getBody().readAllBytes())));
    }

    private static Consumer<HttpHeaders> basic(String user, String password) {
        return h -> h.setBasicAuth(user, password);
    }

    private static final Consumer<HttpHeaders> ANONYMOUS = h -> {
    };

    @Test
    void theDashboardsOwnHealthAndProbesArePublicWithoutDetails() {
        for (String path : new String[]{"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            Answer answer = get(path, ANONYMOUS);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).contains("\"status\":\"UP\"").doesNotContain("components");
        }
    }

    @Test
    void aBrowserWithoutLoginIsSentToTheLoginPage() {
        Answer answer = get("/luckydraw/sagas", h -> h.setAccept(java.util.List.of(MediaType.TEXT_HTML)));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.headers().getLocation()).hasPath("/login");
        assertThat(get("/login", ANONYMOUS).body()).contains("name=\"username\"", "name=\"password\"");
    }

    @Test
    void everyAdminPageAndTheMetricsNeedTheAdminsPassword() {
        for (String path : new String[]{"/luckydraw", "/luckydraw/sagas", "/luckydraw/rounds", "/luckydraw/locks",
                "/sba/applications", "/actuator/prometheus"}) {
            assertThat(get(path, ANONYMOUS).status()).as(path + " anonymous").isEqualTo(401);
            assertThat(get(path, basic(USER, "wrong")).status()).as(path + " wrong password").isEqualTo(401);
            assertThat(get(path, basic(USER, PASSWORD)).status()).as(path + " admin").isEqualTo(200);
        }
    }

    @Test
    void theAdminSeesHealthDetailsOfTheDashboardItself() {
        assertThat(get("/actuator/health", basic(USER, PASSWORD)).body()).contains("components");
    }

    @Test
    void aRetryWithoutTheFormsCsrfTokenIsRefusedAndNeverReachesOrderService() {
        String stuckId = fakes.escalated();
        int before = fakes.order.posts().size();

        HttpStatusCode status = http.post().uri(dashboard("/luckydraw/sagas/" + stuckId + "/retry"))
                .headers(basic(USER, PASSWORD)).exchange((request, response) -> response.getStatusCode());

        assertThat(status.value()).isEqualTo(403);
        assertThat(fakes.order.posts()).hasSize(before);
    }

    @Test
    void aVoidWithoutTheFormsCsrfTokenIsRefusedAndNeverReachesOrderService() {
        String stuckId = fakes.escalated();
        int before = fakes.order.posts().size();

        HttpStatusCode status = http.post().uri(dashboard("/luckydraw/sagas/" + stuckId + "/void"))
                .headers(basic(USER, PASSWORD)).exchange((request, response) -> response.getStatusCode());

        assertThat(status.value()).isEqualTo(403);
        assertThat(fakes.order.posts()).hasSize(before);
    }
}
