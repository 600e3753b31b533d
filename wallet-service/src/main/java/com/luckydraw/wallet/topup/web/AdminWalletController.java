package com.luckydraw.wallet.topup.web;

import com.luckydraw.wallet.topup.CreditCommand;
import com.luckydraw.wallet.topup.CreditOutcome;
import com.luckydraw.wallet.topup.OpeningWallet;
import com.luckydraw.wallet.topup.ToppingUpWallets;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.Money;
import com.luckydraw.wallet.wallet.RequestKey;
import com.luckydraw.wallet.wallet.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Admin operations, all under {@code /admin/**} so that the authentication of a later issue covers them in one rule:
 * opening wallets and batch top-ups.
 */
@RestController
@RequestMapping("/admin/wallets")
class AdminWalletController {

    private final OpeningWallet opening;
    private final ToppingUpWallets toppingUp;

    AdminWalletController(OpeningWallet opening, ToppingUpWallets toppingUp) {
        this.opening = opening;
        this.toppingUp = toppingUp;
    }

    record InitialCredit(Long amount, String bizId, String posId) {
    }

    record OpenWalletRequest(String userId, String currency, InitialCredit initialCredit) {
    }

    record CreditView(String status, String reason, String detail, Long balanceAfter) {
        static CreditView of(CreditOutcome o) {
            return o == null ? null : new CreditView(o.status().name(), o.reason() == null ? null : o.reason().name(),
                    o.detail(), o.balanceAfter());
        }
    }

    record OpenedView(String userId, String currency, long balance, long version, boolean created,
            CreditView initialCredit) {
    }

    record TopUpRequest(List<JsonNode> lines) {
    }

    record LineView(int index, String userId, String bizId, String posId, String status, String reason, String detail,
            Long balanceAfter) {
    }

    record TopUpView(Map<String, Long> summary, List<LineView> lines) {
    }

    /** 201 with the new wallet, or 200 with the existing one (same currency): safe to send again. */
    @Operation(summary = "Open a wallet, with an initial credit under its own key if given")
    @ApiResponse(responseCode = "201", description = "Opened; Location is the wallet.")
    @ApiResponse(responseCode = "200", description = "It existed in this currency; the initial credit is applied once.")
    @ApiResponse(responseCode = "409", description = "The wallet exists in another currency (currency-conflict), or"
            + " is contended: send again (contended).")
    @PostMapping
    ResponseEntity<OpenedView> open(@RequestBody OpenWalletRequest request) {
        UserId user = new UserId(required("userId", request.userId()));
        String currency = required("currency", request.currency());
        Optional<CreditCommand> credit = Optional.ofNullable(request.initialCredit()).map(c -> new CreditCommand(
                new RequestKey(required("initialCredit.bizId", c.bizId()), required("initialCredit.posId", c.posId())),
                user, Money.transfer(required("initialCredit.amount", c.amount()), currency)));
        OpeningWallet.Opened opened = opening.open(user, currency, credit);
        var view = new OpenedView(user.value(), opened.wallet().currency(), opened.wallet().balance().amount(),
                opened.wallet().version(), opened.created(), CreditView.of(opened.initialCredit()));
        return opened.created() ? ResponseEntity.created(URI.create("/wallets/" + user.value())).body(view)
                : ResponseEntity.ok(view);
    }

    /** 200 with one result per line, in order; a rejected line never stops the others. */
    @Operation(summary = "Top up wallets in a batch, one result per line", description = "1 to 1000 lines of"
            + " {userId, amount (minor units), currency, bizId, posId}. Each line is read and applied on its own: a bad"
            + " one is REJECTED without failing the others, and sending the batch again applies nothing twice.")
    @PostMapping("/top-ups")
    TopUpView topUp(@RequestBody TopUpRequest request) {
        if (request.lines() == null || request.lines().isEmpty()) {
            throw new InvalidValueException("lines must hold 1 to " + ToppingUpWallets.MAX_LINES + " top-up lines");
        }
        List<ToppingUpWallets.LineResult> results = toppingUp.topUp(TopUpLines.read(request.lines()));
        List<LineView> lines = results.stream().map(r -> new LineView(r.line().index(), r.line().userId(),
                r.line().bizId(), r.line().posId(), r.outcome().status().name(),
                r.outcome().reason() == null ? null : r.outcome().reason().name(), r.outcome().detail(),
                r.outcome().balanceAfter())).toList();
        Map<String, Long> summary = lines.stream().collect(Collectors.groupingBy(LineView::status,
                java.util.TreeMap::new, Collectors.counting()));
        return new TopUpView(summary, lines);
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field + " is required");
        }
        return value;
    }
}
