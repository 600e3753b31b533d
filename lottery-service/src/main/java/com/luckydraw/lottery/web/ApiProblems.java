package com.luckydraw.lottery.web;

import com.luckydraw.lottery.draw.DrawNotFoundException;
import com.luckydraw.lottery.product.ProductNotFoundException;
import com.luckydraw.lottery.round.RoundNotFoundException;
import jakarta.validation.ConstraintViolationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * RFC 9457 problem details for every error of the HTTP API, each saying what is wrong: 400 for bad input
 * (malformed JSON, invalid or out-of-range fields with their names, a non-numeric id, an unknown status), 404 for
 * unknown products, rounds and draws, 409 when the database refuses a write.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final URI NOT_FOUND = URI.create("https://luckydraw.example/problems/not-found");
    private static final URI INVALID = URI.create("https://luckydraw.example/problems/invalid-request");
    private static final URI MALFORMED = URI.create("https://luckydraw.example/problems/malformed-body");

    @ExceptionHandler({ProductNotFoundException.class, RoundNotFoundException.class, DrawNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(INVALID);
        problem.setTitle("Invalid request");
        return problem;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        return invalid(new IllegalArgumentException(e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().reduce((a, b) -> a + "; " + b)
                .orElse("invalid request")));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail refused(DataIntegrityViolationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the database refused the change: " + e.getMostSpecificCause().getMessage());
        problem.setTitle("Refused");
        return problem;
    }

    /** Malformed JSON, a wrong type, a fraction or a number past its field's range: the detail names the field. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadable(e));
        problem.setType(MALFORMED);
        problem.setTitle("Unreadable request body");
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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "parameter '" + name
                + "' must be " + expected + ", was '" + e.getValue() + "'");
        problem.setType(INVALID);
        problem.setTitle("Invalid request");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof JacksonException j) {
            String field = j.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String why = j.getOriginalMessage().lines().findFirst().orElse("unreadable");
            return field.isEmpty() ? "malformed JSON: " + why : "field '" + field + "': " + why;
        }
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a JSON request body is required" : "unreadable request body";
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.<String, Object>of("field", f.getField(), "message",
                        String.valueOf(f.getDefaultMessage()), "rejected", String.valueOf(f.getRejectedValue())))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors.stream()
                .map(f -> f.get("field") + " " + f.get("message")).sorted().reduce((a, b) -> a + "; " + b)
                .orElse("invalid request body"));
        problem.setType(INVALID);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getParameterValidationResults()
                .stream().flatMap(r -> r.getResolvableErrors().stream().map(err -> r.getMethodParameter()
                        .getParameterName() + " " + err.getDefaultMessage()))
                .sorted().reduce((a, b) -> a + "; " + b).orElse("invalid request"));
        problem.setType(INVALID);
        problem.setTitle("Invalid request");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
}
