package com.luckydraw.order.web;

import com.luckydraw.order.intake.PublishFailedException;
import com.luckydraw.order.intake.PurchaseConflictException;
import com.luckydraw.order.intake.web.InvalidPurchaseException;
import com.luckydraw.order.intake.web.WrongTerminalException;
import com.luckydraw.order.order.IllegalOrderTransitionException;
import com.luckydraw.order.order.OrderNotFoundException;
import com.luckydraw.order.terminal.IllegalTerminalTransitionException;
import com.luckydraw.order.terminal.TerminalAlreadyRegisteredException;
import com.luckydraw.order.terminal.TerminalNotFoundException;
import com.luckydraw.order.terminal.web.InvalidPosIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error answer is an RFC 9457 problem that says what is wrong: its {@code type} names the kind of problem,
 * {@code detail} the particular one, and bad input lists each field ({@code errors}).
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    static URI type(String slug) {
        return URI.create("urn:luckydraw:problem:" + slug);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(InvalidPurchaseException.class)
    ProblemDetail invalidPurchase(InvalidPurchaseException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-purchase", "Invalid purchase request",
                e.getMessage());
        problem.setProperty("errors", e.problems().stream()
                .map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        return problem;
    }

    @ExceptionHandler(BadParameterException.class)
    ProblemDetail badParameter(BadParameterException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-parameter", "Invalid parameter", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ProblemDetail notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "order-not-found", "No such order", e.getMessage());
    }

    @ExceptionHandler(PurchaseConflictException.class)
    ProblemDetail conflict(PurchaseConflictException e) {
        return problem(HttpStatus.CONFLICT, "purchase-key-conflict", "posId/bizId used for another purchase",
                e.getMessage());
    }

    @ExceptionHandler(IllegalOrderTransitionException.class)
    ProblemDetail illegalTransition(IllegalOrderTransitionException e) {
        return problem(HttpStatus.CONFLICT, "illegal-order-transition", "Not possible in the order's state",
                e.getMessage());
    }

    @ExceptionHandler(WrongTerminalException.class)
    ProblemDetail wrongTerminal(WrongTerminalException e) {
        return problem(HttpStatus.FORBIDDEN, "wrong-terminal", "Not this terminal's", e.getMessage());
    }

    @ExceptionHandler(InvalidPosIdException.class)
    ProblemDetail invalidPosId(InvalidPosIdException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-parameter", "Invalid parameter", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "posId", "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(TerminalNotFoundException.class)
    ProblemDetail terminalNotFound(TerminalNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "terminal-not-found", "No such terminal", e.getMessage());
    }

    @ExceptionHandler(TerminalAlreadyRegisteredException.class)
    ProblemDetail terminalTaken(TerminalAlreadyRegisteredException e) {
        return problem(HttpStatus.CONFLICT, "terminal-already-registered", "posId already registered",
                e.getMessage());
    }

    @ExceptionHandler(IllegalTerminalTransitionException.class)
    ProblemDetail illegalTerminalTransition(IllegalTerminalTransitionException e) {
        return problem(HttpStatus.CONFLICT, "illegal-terminal-transition", "Not possible in the terminal's state",
                e.getMessage());
    }

    @ExceptionHandler(PublishFailedException.class)
    ProblemDetail publishFailed(PublishFailedException e) {
        log.warn("purchase request not acknowledged: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable",
                "Request not accepted", e.getMessage() + "; sending it again with the same bizId is safe");
        return problem;
    }

    /** Malformed JSON, a wrong type, a number out of range: say which field and what. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException jackson = jacksonCause(e);
        ProblemDetail problem;
        if (jackson == null || (jackson.getPath().isEmpty() && !(jackson instanceof StreamReadException))) {
            problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
                    "the body must be a JSON object with the request's fields");
        } else {
            String field = jackson.getPath().stream().map(ref -> ref.getPropertyName() != null
                    ? ref.getPropertyName() : "[" + ref.getIndex() + "]").collect(Collectors.joining("."));
            boolean malformed = jackson instanceof StreamReadException && !(jackson instanceof InputCoercionException);
            if (malformed) {
                problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                        "malformed JSON: " + jackson.getOriginalMessage());
            } else {
                String message = "field '" + field + "' has a value of the wrong type or out of range: "
                        + jackson.getOriginalMessage();
                problem = problem(HttpStatus.BAD_REQUEST, "invalid-purchase", "Invalid purchase request", message);
                problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
            }
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
