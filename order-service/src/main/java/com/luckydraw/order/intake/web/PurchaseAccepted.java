package com.luckydraw.order.intake.web;

import java.util.UUID;

/** The answer to {@code POST /purchases}: the request is on the broker; {@code statusUrl} tells how it went. */
public record PurchaseAccepted(UUID orderId, String posId, String bizId, String status, String statusUrl) {
}
