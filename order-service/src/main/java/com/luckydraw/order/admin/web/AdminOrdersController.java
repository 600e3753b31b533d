package com.luckydraw.order.admin.web;

import com.luckydraw.order.admin.RetryingEscalatedOrder;
import com.luckydraw.order.admin.VoidingAllocation;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderNotFoundException;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.StatusChange;
import com.luckydraw.web.problem.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Operators' view of the saga: orders by status, those that need a look, the retry of an escalated one and the void
 * of an allocation request.
 */
@RestController
@RequestMapping("/admin/orders")
class AdminOrdersController {

    private static final int MAX_LIMIT = 1000;

    private final Orders orders;
    private final RetryingEscalatedOrder retrying;
    private final VoidingAllocation voiding;
    private final Clock clock;

    AdminOrdersController(Orders orders, RetryingEscalatedOrder retrying, VoidingAllocation voiding, Clock clock) {
        this.orders = orders;
        this.retrying = retrying;
        this.voiding = voiding;
        this.clock = clock;
    }

    /** Newest first: all orders, or those in {@code status}. */
    @Operation(summary = "Orders, newest first, of one status or all", description = "limit 1..1000.")
    @GetMapping
    List<OrderDetails> list(@RequestParam(required = false) String status,
            @RequestParam(defaultValue = "100") int limit) {
        var found = status == null ? orders.findLatest(limitOf(limit))
                : orders.findByStatus(statusOf(status), limitOf(limit));
        return found.stream().map(OrderDetails::of).toList();
    }

    /** Escalated, compensation failed, or waiting past their deadline; oldest first. */
    @Operation(summary = "Orders that need a look, oldest first",
            description = "Escalated, compensation failed, or waiting past their step's deadline; limit 1..1000.")
    @GetMapping("/stuck")
    List<OrderDetails> stuck(@RequestParam(defaultValue = "100") int limit) {
        return orders.findStuck(clock.instant(), limitOf(limit)).stream().map(OrderDetails::of).toList();
    }

    @Operation(summary = "An order with the saga's bookkeeping")
    @ApiResponse(responseCode = "200", description = "The order.")
    @ApiResponse(responseCode = "404", description = "No such order (order-not-found).")
    @GetMapping("/{id}")
    OrderDetails one(@PathVariable String id) {
        OrderId orderId = idOf(id);
        return orders.findById(orderId).map(OrderDetails::of)
                .orElseThrow(() -> new OrderNotFoundException("no order " + id));
    }

    @Operation(summary = "An order's status changes, oldest first")
    @ApiResponse(responseCode = "200", description = "The changes.")
    @ApiResponse(responseCode = "404", description = "No such order (order-not-found).")
    @GetMapping("/{id}/history")
    List<StatusChange> history(@PathVariable String id) {
        OrderId orderId = idOf(id);
        if (orders.findById(orderId).isEmpty()) {
            throw new OrderNotFoundException("no order " + id);
        }
        return orders.history(orderId);
    }

    /** Sends the allocation of an ESCALATED order again; the order is PAID with fresh attempts. */
    @Operation(summary = "Send an escalated order's allocation again")
    @ApiResponse(responseCode = "200", description = "The order, PAID with fresh attempts.")
    @ApiResponse(responseCode = "404", description = "No such order (order-not-found).")
    @ApiResponse(responseCode = "409", description = "The order is not ESCALATED (illegal-order-transition).")
    @PostMapping("/{id}/retry")
    OrderDetails retry(@PathVariable String id) {
        return OrderDetails.of(retrying.retry(idOf(id)));
    }

    /**
     * Voids the allocation request of a PAID or ESCALATED order now: the order is ESCALATED with its void sent, and
     * completes or is refunded on the lottery's answer.
     */
    @Operation(summary = "Void a paid or escalated order's allocation request now")
    @ApiResponse(responseCode = "200", description = "The order, ESCALATED with its void sent.")
    @ApiResponse(responseCode = "404", description = "No such order (order-not-found).")
    @ApiResponse(responseCode = "409", description = "The order is neither PAID nor ESCALATED"
            + " (illegal-order-transition).")
    @PostMapping("/{id}/void")
    OrderDetails voidAllocation(@PathVariable String id) {
        return OrderDetails.of(voiding.voidAllocation(idOf(id)));
    }

    private static OrderStatus statusOf(String status) {
        try {
            return OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("status", "status must be one of " + Arrays.stream(OrderStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", was '" + status + "'");
        }
    }

    private static OrderId idOf(String id) {
        try {
            return OrderId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("id", e.getMessage());
        }
    }

    private static int limitOf(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameterException("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
