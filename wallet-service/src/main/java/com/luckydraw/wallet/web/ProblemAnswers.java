package com.luckydraw.wallet.web;

import com.luckydraw.wallet.topup.WalletCurrencyConflictException;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.UnknownWalletException;
import com.luckydraw.wallet.wallet.WalletContendedException;
import com.luckydraw.web.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The wallet's own errors as RFC 9457 problems ({@code urn:luckydraw:problem:<name>}) whose {@code detail} says what
 * is wrong. Malformed bodies and bad parameters are answered by common-web's {@code RequestProblems}.
 */
@RestControllerAdvice
class ProblemAnswers {

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler(UnknownWalletException.class)
    ProblemDetail unknownWallet(UnknownWalletException e) {
        ProblemDetail problem = Problem.of(HttpStatus.NOT_FOUND, "unknown-wallet", "Unknown wallet", e.getMessage());
        problem.setProperty("userId", e.userId().value());
        return problem;
    }

    @ExceptionHandler(WalletCurrencyConflictException.class)
    ProblemDetail currencyConflict(WalletCurrencyConflictException e) {
        return Problem.of(HttpStatus.CONFLICT, "currency-conflict", "Wallet exists in another currency",
                e.getMessage());
    }

    @ExceptionHandler(WalletContendedException.class)
    ProblemDetail contended(WalletContendedException e) {
        return Problem.of(HttpStatus.CONFLICT, "contended", "Wallet contended; try again", e.getMessage());
    }
}
