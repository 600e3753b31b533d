package com.luckydraw.web.openapi;

import com.luckydraw.web.problem.Problem;
import com.luckydraw.web.ratelimit.RateLimit;
import com.luckydraw.web.security.PublicEndpoints;
import com.luckydraw.web.security.PublicEndpoints.Endpoint;
import com.luckydraw.web.security.TerminalEndpoints;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;

/**
 * For each operation of a service's description: who may call it, read from the same configuration the filter chain
 * reads ({@link PublicEndpoints}, {@link TerminalEndpoints}), so the document cannot promise an access the service
 * refuses; and the problems the guard and common-web's {@code RequestProblems} answer for it (400, 401, 403, 413,
 * 429). An operation's own annotated problems (404, 409, ...) are kept, and every 4xx and 5xx answer is given the
 * problem's shape.
 */
final class AccessAndProblems implements OpenApiCustomizer {

    static final String OPERATORS = "operators";
    static final String TERMINALS = "terminals";
    static final String PROBLEM = "Problem";

    private final List<Endpoint> open;
    private final List<Endpoint> forTerminals;
    private final List<Endpoint> rateLimited;

    AccessAndProblems(PublicEndpoints publicEndpoints, TerminalEndpoints terminalEndpoints, RateLimit rateLimit) {
        this.open = publicEndpoints.parsed();
        this.forTerminals = terminalEndpoints.parsed();
        this.rateLimited = rateLimit.limits().stream().map(limit -> PublicEndpoints.parse(limit.endpoint())).toList();
    }

    @Override
    public void customise(OpenAPI api) {
        // Here rather than in the OpenAPI bean: springdoc drops a schema no operation refers to before this runs.
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> describe(method.name(), path, operation)));
    }

    private void describe(String method, String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean isOpen = covers(open, method, path);
        boolean terminals = !isOpen && covers(forTerminals, method, path);
        if (!isOpen) {
            operation.setSecurity(terminals ? List.of(login(TERMINALS), login(OPERATORS)) : List.of(login(OPERATORS)));
            responses.putIfAbsent("401", new ApiResponse().description("No login, or a wrong one (unauthenticated);"
                    + " WWW-Authenticate names the realm."));
            if (!terminals && !forTerminals.isEmpty()) {
                responses.putIfAbsent("403", new ApiResponse().description("A terminal's login: this operation is"
                        + " the operators' (forbidden)."));
            }
        }
        boolean hasBody = operation.getRequestBody() != null;
        if (hasBody || (operation.getParameters() != null && !operation.getParameters().isEmpty())) {
            responses.putIfAbsent("400", new ApiResponse().description("The request is refused as it stands: detail"
                    + " says why and errors names each field (malformed-body, invalid-parameter, invalid-request)."));
        }
        if (hasBody) {
            responses.putIfAbsent("413", new ApiResponse().description("The body is over the service's limit"
                    + " (body-too-large), refused before it is read."));
        }
        if (covers(rateLimited, method, path)) {
            responses.putIfAbsent("429", new ApiResponse().description("This caller sends faster than its rate limit"
                    + " (rate-limited).").addHeaderObject("Retry-After", new Header()
                    .description("Seconds to wait before sending again.").schema(new IntegerSchema())));
        }
        // Every error answer is a problem, whatever type springdoc guessed for an annotated one from the method.
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
        });
    }

    private static boolean covers(List<Endpoint> endpoints, String method, String path) {
        return endpoints.stream().anyMatch(endpoint -> endpoint.covers(method, path));
    }

    private static SecurityRequirement login(String scheme) {
        return new SecurityRequirement().addList(scheme);
    }

    /** The RFC 9457 problem every error answer of the services carries (common-web's {@code Problem}). */
    static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The field or parameter"))
                .addProperty("message", new StringSchema().description("What is wrong with it"))
                .addProperty("rejected", new StringSchema().description("The value given, where there was one"));
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json).")
                .addProperty("type", new StringSchema().format("uri").example(Problem.TYPE_PREFIX + "invalid-parameter")
                        .description(Problem.TYPE_PREFIX + "<name>: the kind of error, one name per kind in every"
                                + " service; a client branches on it"))
                .addProperty("title", new StringSchema().description("The kind of error, for people"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What is wrong with this request"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request's path"))
                .addProperty("errors", new ArraySchema().items(error)
                        .description("Each refused field or parameter, where the problem is about fields"))
                .required(List.of("type", "title", "status", "detail"));
    }
}
