package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.IssuingCredentials;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.RevokingTerminal;
import com.luckydraw.order.terminal.TerminalNotFoundException;
import com.luckydraw.order.terminal.Terminals;
import com.luckydraw.web.problem.InvalidParameterException;
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

    @PostMapping
    ResponseEntity<CredentialsView> register(@RequestBody TerminalRegistration registration) {
        var issued = issuing.register(posIdOf(registration == null ? null : registration.posId()));
        return ResponseEntity.created(URI.create("/admin/terminals/" + issued.terminal().posId()))
                .cacheControl(CacheControl.noStore()).body(CredentialsView.of(issued));
    }

    @PostMapping("/{posId}/rotate")
    ResponseEntity<CredentialsView> rotate(@PathVariable String posId) {
        return ResponseEntity.status(HttpStatus.OK).cacheControl(CacheControl.noStore())
                .body(CredentialsView.of(issuing.rotate(posIdOf(posId))));
    }

    @PostMapping("/{posId}/revoke")
    TerminalView revoke(@PathVariable String posId) {
        return TerminalView.of(revoking.revoke(posIdOf(posId)));
    }

    @GetMapping("/{posId}")
    TerminalView one(@PathVariable String posId) {
        PosId id = posIdOf(posId);
        return terminals.find(id).map(TerminalView::of).orElseThrow(() -> new TerminalNotFoundException(id));
    }

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
