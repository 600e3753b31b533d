package com.luckydraw.wallet.web;

import com.luckydraw.testing.CommittedOpenApi;
import com.luckydraw.wallet.WalletIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI description the running service serves is the committed docs/openapi/wallet-service.json. */
@WalletIntegrationTest
class OpenApiIT {

    @LocalServerPort int port;

    private final CommittedOpenApi committed = new CommittedOpenApi("wallet-service");

    @Test
    void servedDescriptionIsTheCommittedOne() throws Exception {
        committed.assertServedBy(port, "test-admin", "test-password");
    }

    @Test
    void descriptionNeedsTheOperatorsLogin() throws Exception {
        committed.assertClosedWithoutLogin(port);
    }
}
