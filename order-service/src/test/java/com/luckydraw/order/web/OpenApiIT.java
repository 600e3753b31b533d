package com.luckydraw.order.web;

import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestTerminal;
import com.luckydraw.testing.CommittedOpenApi;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description the running service serves is the committed docs/openapi/order-service.json; it is the
 * operators', not the terminals'.
 */
class OpenApiIT extends OrderServiceTestBase {

    private final CommittedOpenApi committed = new CommittedOpenApi("order-service");

    @Test
    void servedDescriptionIsTheCommittedOne() throws Exception {
        committed.assertServedBy(port, "test-admin", "test-password");
    }

    @Test
    void descriptionNeedsTheOperatorsLogin() throws Exception {
        committed.assertClosedWithoutLogin(port);
    }

    @Test
    void aTerminalsLoginIsForbiddenTheDescription() {
        TestTerminal terminal = terminal("pos-openapi");

        var answer = http(terminal).get().uri("/v3/api-docs").retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(answer.getBody()).path("type").asString()).isEqualTo("urn:luckydraw:problem:forbidden");
    }
}
