package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.IssuingCredentials;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.RevokingTerminal;
import com.luckydraw.order.terminal.TerminalNotFoundException;
import com.luckydraw.order.terminal.Terminals;
import com.luckydraw.web.problem.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Operators' registry of terminals (under {@code /admin}, so the operators' login only): register, rotate, revoke,
 * read. The secrets are in the answer to a registration or rotation and nowhere else.
 */
@RestController
@RequestMapping("/admin/terminals")
class AdminTerminalsController {

    private final Terminals terminals;
    private final IssuingCredentials issuing;
    private final RevokingTerminal revoking;

    AdminTerminalsController(Terminals terminals, IssuingCredentials issuing, RevokingTerminal revoking) {
        this.terminals = terminals;
        this.issuing = issuing;
        this.revoking = revoking;
    }

    @Operation(summary = "Register a terminal and issue its API secret and signing key, shown this once")
    @ApiResponse(responseCode = "201", description = "Registered; Location is the terminal.")
    @ApiResponse(responseCode = "409", description = "The posId was registered before (terminal-already-registered).")
    @PostMapping
    ResponseEntity<CredentialsView> register(@RequestBody TerminalRegistration registration) {
        var issued = issuing.register(posIdOf(registration == null ? null : registration.posId()));
        return ResponseEntity.created(URI.create("/admin/terminals/" + issued.terminal().posId()))
                .cacheControl(CacheControl.noStore()).body(CredentialsView.of(issued));
    }

    @Operation(summary = "Issue a terminal a new API secret and signing key, shown this once")
    @ApiResponse(responseCode = "200", description = "The new credentials, under the next key version.")
    @ApiResponse(responseCode = "404", description = "No such terminal (terminal-not-found).")
    @ApiResponse(responseCode = "409", description = "The terminal is revoked (illegal-terminal-transition).")
    @PostMapping("/{posId}/rotate")
    ResponseEntity<CredentialsView> rotate(@PathVariable String posId) {
        return ResponseEntity.status(HttpStatus.OK).cacheControl(CacheControl.noStore())
                .body(CredentialsView.of(issuing.rotate(posIdOf(posId))));
    }

    @Operation(summary = "Revoke a terminal for good")
    @ApiResponse(responseCode = "200", description = "The terminal, REVOKED.")
    @ApiResponse(responseCode = "404", description = "No such terminal (terminal-not-found).")
    @ApiResponse(responseCode = "409", description = "The terminal is revoked already (illegal-terminal-transition).")
    @PostMapping("/{posId}/revoke")
    TerminalView revoke(@PathVariable String posId) {
        return TerminalView.of(revoking.revoke(posIdOf(posId)));
    }

    @Operation(summary = "A terminal, never its secrets")
    @ApiResponse(responseCode = "200", description = "The terminal.")
    @ApiResponse(responseCode = "404", description = "No such terminal (terminal-not-found).")
    @GetMapping("/{posId}")
    TerminalView one(@PathVariable String posId) {
        PosId id = posIdOf(posId);
        return terminals.find(id).map(TerminalView::of).orElseThrow(() -> new TerminalNotFoundException(id));
    }

    @Operation(summary = "Every terminal, never their secrets")
    @GetMapping
    List<TerminalView> all() {
        return terminals.findAll().stream().map(TerminalView::of).toList();
    }

    private static PosId posIdOf(String posId) {
        try {
            return new PosId(posId);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("posId", e.getMessage());
        }
    }
}
