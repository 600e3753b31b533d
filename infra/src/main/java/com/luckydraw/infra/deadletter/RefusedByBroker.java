package com.luckydraw.infra.deadletter;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** The broker refused the command's login, or what the login asked for: who, doing what, and the broker's answer. */
public final class RefusedByBroker extends RuntimeException {

    RefusedByBroker(String whoDoingWhat, RuntimeException answer, String hint) {
        super("the broker refused " + whoDoingWhat + " (" + answer.getClass().getSimpleName() + ": "
                + answer.getMessage() + ")" + (hint == null ? "" : "; " + hint), answer);
    }

    /** Whether the broker's answer is a refusal of the login or of the access, rather than a fault. */
    static boolean isRefusal(Throwable answer) {
        return answer instanceof AuthorizationException || answer instanceof AuthenticationException;
    }
}
