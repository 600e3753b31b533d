package com.luckydraw.lottery.web;

import com.luckydraw.lottery.LotteryIntegrationTest;
import com.luckydraw.testing.CommittedOpenApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI description the running service serves is the committed docs/openapi/lottery-service.json. */
@LotteryIntegrationTest
class OpenApiIT {

    @LocalServerPort int port;

    private final CommittedOpenApi committed = new CommittedOpenApi("lottery-service");

    @Test
    void servedDescriptionIsTheCommittedOne() throws Exception {
        committed.assertServedBy(port, "test-admin", "test-password");
    }

    @Test
    void descriptionNeedsTheOperatorsLogin() throws Exception {
        committed.assertClosedWithoutLogin(port);
    }
}
