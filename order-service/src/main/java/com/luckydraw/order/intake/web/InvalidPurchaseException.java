package com.luckydraw.order.intake.web;

import java.util.List;
import java.util.stream.Collectors;

/** A purchase request that breaks the message rules ({@code Checks}); nothing was published. */
public class InvalidPurchaseException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidPurchaseException(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
