package com.luckydraw.order.intake.web;

/** One thing wrong with a request: which field, and what. */
public record FieldProblem(String field, String message) {
}
