package com.luckydraw.order.intake.web;

import com.luckydraw.order.intake.AcceptingPurchase;
import com.luckydraw.order.order.OrderId;
import com.luckydraw.order.order.OrderNotFoundException;
import com.luckydraw.order.order.Orders;
import com.luckydraw.order.order.PurchaseKey;
import com.luckydraw.web.security.ServiceSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Terminals' HTTP door: hand over a purchase request, and ask how it went. The caller is a registered terminal
 * (HTTP Basic posId:apiSecret, role TERMINAL) and acts only as itself: a request or a status of another posId is
 * refused with 403. The operators may read any purchase's status, and request none.
 */
@RestController
@RequestMapping("/purchases")
class PurchaseController {

    private final AcceptingPurchase accepting;
    private final Orders orders;

    PurchaseController(AcceptingPurchase accepting, Orders orders) {
        this.accepting = accepting;
        this.orders = orders;
    }

    /** Publishes the request (after the broker's acknowledgement) and answers 202 with where to follow it. */
    @Operation(summary = "Hand a purchase request over", description = "Answered once the broker has the request;"
            + " statusUrl follows it. A terminal buys only as itself. Sending the same posId and bizId again is safe.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location and statusUrl say where to follow it.")
    @ApiResponse(responseCode = "400", description = "The request is refused: errors names each field"
            + " (invalid-purchase, malformed-body).")
    @ApiResponse(responseCode = "403", description = "Another terminal's posId, or the operators' login"
            + " (wrong-terminal).")
    @ApiResponse(responseCode = "409", description = "posId and bizId are taken by another purchase"
            + " (purchase-key-conflict).")
    @ApiResponse(responseCode = "503", description = "The broker did not acknowledge in time (broker-unavailable);"
            + " sending again is safe.")
    @PostMapping
    ResponseEntity<PurchaseAccepted> request(@RequestBody PurchaseForm form, Authentication caller) {
        var request = form.toRequest();
        if (!isTerminal(caller)) {
            throw new WrongTerminalException("only a registered terminal requests purchases, as itself (HTTP Basic "
                    + "posId:apiSecret)");
        }
        requireSameTerminal(caller, request.posId());
        OrderId id = accepting.accept(request);
        String statusUrl = "/purchases/" + request.posId() + "/" + request.bizId();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(statusUrl))
                .body(new PurchaseAccepted(id.value(), request.posId(), request.bizId(), "ACCEPTED", statusUrl));
    }

    @Operation(summary = "How a purchase stands", description = "The reason when cancelled, the lucky numbers when"
            + " completed.")
    @ApiResponse(responseCode = "200", description = "The purchase's order.")
    @ApiResponse(responseCode = "403", description = "Another terminal's purchase (wrong-terminal).")
    @ApiResponse(responseCode = "404", description = "No such purchase, or not yet (order-not-found).")
    @GetMapping("/{posId}/{bizId}")
    PurchaseStatus status(@PathVariable String posId, @PathVariable String bizId, Authentication caller) {
        if (isTerminal(caller)) {
            requireSameTerminal(caller, posId);
        }
        PurchaseKey key;
        try {
            key = new PurchaseKey(posId, bizId);
        } catch (IllegalArgumentException e) {
            throw new InvalidPurchaseException(List.of(new FieldProblem(e.getMessage().startsWith("posId")
                    ? "posId" : "bizId", e.getMessage())));
        }
        return orders.findById(OrderId.of(key)).map(PurchaseStatus::of)
                .orElseThrow(() -> new OrderNotFoundException("no purchase " + key + " (yet): an accepted request"
                        + " becomes an order within moments; a request never accepted never will"));
    }

    private static boolean isTerminal(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + ServiceSecurity.TERMINAL)::equals);
    }

    private static void requireSameTerminal(Authentication caller, String posId) {
        if (!caller.getName().equals(posId)) {
            throw new WrongTerminalException("terminal " + caller.getName() + " acts only as itself, not as posId "
                    + posId);
        }
    }
}
