package com.luckydraw.order.terminal.web;

/** The body of {@code POST /admin/terminals}. */
public record TerminalRegistration(String posId) {
}
