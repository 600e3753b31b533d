package com.luckydraw.web.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refusal as Spring Boot's "APPLICATION FAILED TO START" report instead of a stack trace. */
public final class WeakSecretFailureAnalyzer extends AbstractFailureAnalyzer<WeakSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WeakSecretException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
