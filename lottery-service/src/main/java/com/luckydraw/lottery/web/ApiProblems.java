package com.luckydraw.lottery.web;

import com.luckydraw.lottery.draw.DrawNotFoundException;
import com.luckydraw.lottery.product.ProductNotFoundException;
import com.luckydraw.lottery.round.RoundNotFoundException;
import com.luckydraw.web.problem.Problem;
import jakarta.validation.ConstraintViolationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/**
 * The lottery's own errors as RFC 9457 problems ({@code urn:luckydraw:problem:<name>}), each saying what is wrong:
 * 400 for a value its rules refuse, 404 for unknown products, rounds and draws, 409 when the database refuses a
 * write. Malformed bodies, bad parameters and failed bean validation are answered by common-web's
 * {@code RequestProblems}.
 */
@RestControllerAdvice
class ApiProblems {

    @ExceptionHandler({ProductNotFoundException.class, RoundNotFoundException.class, DrawNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return Problem.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    /** A parameter refused by its constraint where Spring validates the bean rather than the handler method. */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        List<Map<String, Object>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.<String, Object>of("field", String.valueOf(v.getPropertyPath()), "message",
                        v.getMessage()))
                .toList();
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                errors.stream().map(f -> f.get("field") + " " + f.get("message")).sorted()
                        .reduce((a, b) -> a + "; " + b).orElse("invalid parameter"));
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail refused(DataIntegrityViolationException e) {
        return Problem.of(HttpStatus.CONFLICT, "write-refused", "Refused",
                "the database refused the change: " + e.getMostSpecificCause().getMessage());
    }
}
