package com.luckydraw.web;

import com.luckydraw.web.problem.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem written straight to the servlet response, for answers given before Spring MVC sees the request
 * (a refused login, a body over the limit): the same shape as the services' own problems, never an HTML page.
 */
public record ProblemResponse(HttpStatus status, String type, String title, String detail) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
        response.flushBuffer();
    }
}
