package com.luckydraw.infra.terminal;

import com.luckydraw.infra.process.ServiceAdmin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers terminals with order-service's registry ({@code POST /admin/terminals}, the operators' login) and keeps
 * the credentials it hands out once. A posId already registered is rotated instead: its earlier keys are lost with
 * the process that had them, and a rotation makes them useless anyway.
 */
public final class TerminalEnrolment {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String orderUrl;
    private final ServiceAdmin admin;

    public TerminalEnrolment(String orderUrl, ServiceAdmin admin) {
        this.orderUrl = orderUrl;
        this.admin = admin;
    }

    public TerminalKeyring enrol(List<String> posIds) {
        Map<String, TerminalKeyring.Credentials> issued = new LinkedHashMap<>();
        for (String posId : posIds) {
            issued.put(posId, enrol(posId));
        }
        return new TerminalKeyring(issued);
    }

    public TerminalKeyring.Credentials enrol(String posId) {
        var answer = post("/admin/terminals", JSON.writeValueAsString(Map.of("posId", posId)));
        if (answer.statusCode() == 409) {
            answer = post("/admin/terminals/" + posId + "/rotate", "{}");
        }
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("registering terminal " + posId + " at " + orderUrl + ": HTTP "
                    + answer.statusCode() + " " + answer.body());
        }
        JsonNode body = JSON.readTree(answer.body());
        return new TerminalKeyring.Credentials(posId, body.path("keyVersion").asInt(),
                Base64.getDecoder().decode(body.path("signingKey").asString()), body.path("apiSecret").asString());
    }

    private HttpResponse<String> post(String path, String body) {
        var request = HttpRequest.newBuilder(URI.create(orderUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", admin.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
