package com.luckydraw.web.problem;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The errors Spring MVC itself finds in a request, answered once for every service as RFC 9457 problems whose detail
 * names what is wrong: an unreadable body ({@code malformed-body}), a path or query parameter of the wrong type,
 * missing or refused ({@code invalid-parameter}), a body failing its bean validation ({@code invalid-request}), and
 * the rest (unsupported media type, method not allowed, ...) named after their status. Each service's own advice
 * answers its domain errors; this one runs first only for the exceptions it declares, which no domain error is.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        return invalidParameter(e.parameter(), e.getMessage());
    }

    /** Malformed JSON, a missing body, a field of the wrong type or out of range: which field and what. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "the body must be a JSON object with the request's fields");
        JacksonException json = jacksonCause(e);
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (json == null && message.startsWith("Required request body is missing")) {
            problem.setDetail("the request body is required: a JSON object with the request's fields");
        } else if (json instanceof StreamReadException && !(json instanceof InputCoercionException)) {
            problem.setDetail("malformed JSON: " + firstLine(json.getOriginalMessage()) + where(json));
        } else if (json != null && !json.getPath().isEmpty()) {
            String field = json.getPath().stream().map(ref -> ref.getPropertyName() != null
                    ? ref.getPropertyName() : "[" + ref.getIndex() + "]").collect(Collectors.joining("."))
                    .replace(".[", "[");
            String detail = "field '" + field + "': " + firstLine(json.getOriginalMessage());
            problem.setDetail(detail);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path or query parameter of the wrong type ({@code /admin/rounds/abc}, {@code ?status=NOPE}). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName();
        Class<?> type = e.getRequiredType();
        if (e instanceof MethodArgumentTypeMismatchException m) {
            name = m.getName();
            type = m.getParameter().nestedIfOptional().getNestedParameterType(); // Optional<RoundStatus>: RoundStatus
        }
        String expected = type == null ? "of another type" : type.isEnum()
                ? "one of " + Arrays.toString(type.getEnumConstants()) : "a " + type.getSimpleName();
        ProblemDetail problem = invalidParameter(name,
                "parameter '" + name + "' must be " + expected + ", was '" + e.getValue() + "'");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = invalidParameter(e.getParameterName(),
                "parameter '" + e.getParameterName() + "' is required");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Parameters refused by their constraints ({@code @Positive long id}): each with why. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.<String, Object>of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                joined(errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A body refused by its bean validation ({@code @Valid}): every field with why and what was given. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.<String, Object>of("field", f.getField(), "message",
                        String.valueOf(f.getDefaultMessage()), "rejected", String.valueOf(f.getRejectedValue())))
                .toList();
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.isEmpty() ? "invalid request body" : joined(errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Every other error Spring MVC answers (unsupported media type, method not allowed, no such resource, ...) keeps
     * Spring's status and detail and gets a type named after its status, {@code unsupported-media-type}, instead of
     * {@code about:blank}.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse answer) {
            body = answer.updateAndGetBody(getMessageSource(), request.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || URI.create("about:blank").equals(problem.getType()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String name = known == null ? "error-" + status.value()
                    : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(Problem.type(name));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static ProblemDetail invalidParameter(String parameter, String detail) {
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
        problem.setProperty("errors", List.of(Map.of("field", String.valueOf(parameter), "message", detail)));
        return problem;
    }

    private static String joined(List<Map<String, Object>> errors) {
        return errors.stream().map(f -> f.get("field") + " " + f.get("message")).sorted()
                .collect(Collectors.joining("; "));
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                return json;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
