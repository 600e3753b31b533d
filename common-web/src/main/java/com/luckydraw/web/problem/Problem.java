package com.luckydraw.web.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * The one scheme of problem types every service answers with, {@code urn:luckydraw:problem:<name>}: a client branches
 * on the name, and each name means one kind of error in every service.
 */
public final class Problem {

    public static final String TYPE_PREFIX = "urn:luckydraw:problem:";

    private Problem() {
    }

    public static URI type(String name) {
        return URI.create(TYPE_PREFIX + name);
    }

    public static ProblemDetail of(HttpStatus status, String name, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(name));
        problem.setTitle(title);
        return problem;
    }
}
