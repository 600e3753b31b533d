package com.luckydraw.web.openapi;

import com.luckydraw.web.ratelimit.RateLimit;
import com.luckydraw.web.security.PublicEndpoints;
import com.luckydraw.web.security.TerminalEndpoints;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A service's OpenAPI description, served by springdoc at {@code /v3/api-docs} and committed as
 * {@code docs/openapi/<service>.json}: the title, the HTTP Basic logins, the shape of every error answer, and for each
 * operation who may call it and which problems the guard in front of it can answer ({@link AccessAndProblems}). The
 * document itself is not among the public endpoints, so it takes the operators' login like every other path. Only
 * where the service has springdoc: the dashboard, which also uses common-web, serves none.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ApiDocs.class, PublicEndpoints.class, TerminalEndpoints.class, RateLimit.class})
public class ApiDocsConfiguration {

    /** The version of the API's contract, not of the build: a snapshot or release number would churn the document. */
    static final String VERSION = "1";

    @Bean
    OpenAPI serviceOpenApi(ApiDocs docs, TerminalEndpoints terminalEndpoints) {
        // springdoc knows Jackson 2's trees, not Jackson 3's: a JsonNode in a body is any JSON value, not a bean.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
        Components components = new Components().addSecuritySchemes(AccessAndProblems.OPERATORS,
                basic("The operators' login, SERVICE_ADMIN_USER / SERVICE_ADMIN_PASSWORD (docs/security.md)."));
        if (!terminalEndpoints.endpoints().isEmpty()) {
            components.addSecuritySchemes(AccessAndProblems.TERMINALS, basic("A registered terminal's login: its posId"
                    + " and the API secret that order-service's registry issued (POST /admin/terminals). A terminal"
                    + " acts only as itself."));
        }
        return new OpenAPI()
                .info(new Info().title(docs.title()).description(docs.description()).version(VERSION))
                // Relative: the same document whichever address and port serve it.
                .servers(List.of(new Server().url("/")))
                .components(components);
    }

    /**
     * Operation ids after the controller and the method ({@code adminRoundsGet}), not springdoc's bare method names,
     * which collide across controllers and are then numbered in scan order.
     */
    @Bean
    OperationCustomizer operationIdsByController() {
        return (operation, handler) -> operation.operationId(StringUtils.uncapitalize(
                handler.getBeanType().getSimpleName().replaceFirst("Controller$", ""))
                + StringUtils.capitalize(handler.getMethod().getName()));
    }

    @Bean
    OpenApiCustomizer accessAndProblems(PublicEndpoints publicEndpoints, TerminalEndpoints terminalEndpoints,
            RateLimit rateLimit) {
        return new AccessAndProblems(publicEndpoints, terminalEndpoints, rateLimit);
    }

    private static SecurityScheme basic(String description) {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic").description(description);
    }
}
