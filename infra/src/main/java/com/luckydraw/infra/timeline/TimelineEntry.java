package com.luckydraw.infra.timeline;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to a purchase: when, where it was seen ({@code kafka} with its topic, or a service's
 * database), what ({@code PurchaseRequested}, {@code state}, {@code ledger}, {@code dead letter}...), a one-line
 * summary and the details an operator looks up next (offset, trace id, reason).
 */
public record TimelineEntry(Instant at, String source, String what, String summary, Map<String, String> details) {
}
