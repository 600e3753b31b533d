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
import com.luckydraw.web.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/**
 * The order service's own errors as RFC 9457 problems that say what is wrong: the {@code type}
 * ({@code urn:luckydraw:problem:<name>}) names the kind of problem, {@code detail} the particular one, and an invalid
 * purchase lists each field ({@code errors}). Malformed bodies and bad parameters are answered by common-web's
 * {@code RequestProblems}.
 */
@RestControllerAdvice
class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    @ExceptionHandler(InvalidPurchaseException.class)
    ProblemDetail invalidPurchase(InvalidPurchaseException e) {
        ProblemDetail problem = Problem.of(HttpStatus.BAD_REQUEST, "invalid-purchase", "Invalid purchase request",
                e.getMessage());
        problem.setProperty("errors", e.problems().stream()
                .map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        return problem;
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ProblemDetail notFound(OrderNotFoundException e) {
        return Problem.of(HttpStatus.NOT_FOUND, "order-not-found", "No such order", e.getMessage());
    }

    @ExceptionHandler(PurchaseConflictException.class)
    ProblemDetail conflict(PurchaseConflictException e) {
        return Problem.of(HttpStatus.CONFLICT, "purchase-key-conflict", "posId/bizId used for another purchase",
                e.getMessage());
    }

    @ExceptionHandler(IllegalOrderTransitionException.class)
    ProblemDetail illegalTransition(IllegalOrderTransitionException e) {
        return Problem.of(HttpStatus.CONFLICT, "illegal-order-transition", "Not possible in the order's state",
                e.getMessage());
    }

    @ExceptionHandler(WrongTerminalException.class)
    ProblemDetail wrongTerminal(WrongTerminalException e) {
        return Problem.of(HttpStatus.FORBIDDEN, "wrong-terminal", "Not this terminal's", e.getMessage());
    }

    @ExceptionHandler(TerminalNotFoundException.class)
    ProblemDetail terminalNotFound(TerminalNotFoundException e) {
        return Problem.of(HttpStatus.NOT_FOUND, "terminal-not-found", "No such terminal", e.getMessage());
    }

    @ExceptionHandler(TerminalAlreadyRegisteredException.class)
    ProblemDetail terminalTaken(TerminalAlreadyRegisteredException e) {
        return Problem.of(HttpStatus.CONFLICT, "terminal-already-registered", "posId already registered",
                e.getMessage());
    }

    @ExceptionHandler(IllegalTerminalTransitionException.class)
    ProblemDetail illegalTerminalTransition(IllegalTerminalTransitionException e) {
        return Problem.of(HttpStatus.CONFLICT, "illegal-terminal-transition", "Not possible in the terminal's state",
                e.getMessage());
    }

    @ExceptionHandler(PublishFailedException.class)
    ProblemDetail publishFailed(PublishFailedException e) {
        log.warn("purchase request not acknowledged: {}", e.getMessage());
        ProblemDetail problem = Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable",
                "Request not accepted", e.getMessage() + "; sending it again with the same bizId is safe");
        return problem;
    }
}
