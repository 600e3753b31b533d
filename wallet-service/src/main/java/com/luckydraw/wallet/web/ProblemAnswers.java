package com.luckydraw.wallet.web;

import com.luckydraw.wallet.topup.WalletCurrencyConflictException;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.UnknownWalletException;
import com.luckydraw.wallet.wallet.WalletContendedException;
import org.springframework.beans.TypeMismatchException;
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

import java.net.URI;

/**
 * Every HTTP error as RFC 9457 problem details whose {@code detail} says what is wrong, with a {@code type} per kind
 * of problem ({@code urn:luckydraw:problem:<kind>}) a client can branch on. Extends Spring's handler so its own
 * errors (unsupported media type, missing parameter, ...) come as problem details too.
 */
@RestControllerAdvice
class ProblemAnswers extends ResponseEntityExceptionHandler {

    static final String TYPE_PREFIX = "urn:luckydraw:problem:";

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-value", "Invalid value", e.getMessage());
    }

    @ExceptionHandler(UnknownWalletException.class)
    ProblemDetail unknownWallet(UnknownWalletException e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "unknown-wallet", "Unknown wallet", e.getMessage());
        problem.setProperty("userId", e.userId().value());
        return problem;
    }

    @ExceptionHandler(WalletCurrencyConflictException.class)
    ProblemDetail currencyConflict(WalletCurrencyConflictException e) {
        return problem(HttpStatus.CONFLICT, "currency-conflict", "Wallet exists in another currency", e.getMessage());
    }

    @ExceptionHandler(WalletContendedException.class)
    ProblemDetail contended(WalletContendedException e) {
        return problem(HttpStatus.CONFLICT, "contended", "Wallet contended; try again", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                describe(e));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String required = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-value", "Invalid value",
                "'" + e.getPropertyName() + "' must be a " + required.toLowerCase() + ", was '" + e.getValue() + "'");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + kind));
        problem.setTitle(title);
        return problem;
    }

    /** Where the body went wrong and how, in the client's terms: "field 'initialCredit.amount': ...". */
    private static String describe(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                String path = path(json);
                String where = json.getLocation() == null ? "" : " (line " + json.getLocation().getLineNr()
                        + ", column " + json.getLocation().getColumnNr() + ")";
                return (path.isEmpty() ? "" : "field '" + path + "': ") + firstLine(json.getOriginalMessage())
                        + where;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = e.getMessage() == null ? "unreadable body" : e.getMessage();
        return message.startsWith("Required request body is missing") ? "a JSON body is required"
                : firstLine(message);
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
