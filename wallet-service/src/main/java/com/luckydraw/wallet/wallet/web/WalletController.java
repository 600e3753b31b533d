package com.luckydraw.wallet.wallet.web;

import com.luckydraw.wallet.freetries.DailyFreeTries;
import com.luckydraw.wallet.freetries.FreeTries;
import com.luckydraw.wallet.freetries.FreeTriesProperties;
import com.luckydraw.wallet.wallet.InvalidValueException;
import com.luckydraw.wallet.wallet.Ledger;
import com.luckydraw.wallet.wallet.LedgerEntry;
import com.luckydraw.wallet.wallet.UserId;
import com.luckydraw.wallet.wallet.Wallet;
import com.luckydraw.wallet.wallet.Wallets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Public reads: a user's balance with today's free tries, and the ledger, newest first, page by page. */
@RestController
@RequestMapping("/wallets")
class WalletController {

    static final int MAX_PAGE = 500;

    private final Wallets wallets;
    private final Ledger ledger;
    private final DailyFreeTries freeTries;
    private final FreeTriesProperties freeTriesProperties;
    private final Clock clock;

    WalletController(Wallets wallets, Ledger ledger, DailyFreeTries freeTries, FreeTriesProperties freeTriesProperties,
            Clock clock) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.freeTries = freeTries;
        this.freeTriesProperties = freeTriesProperties;
        this.clock = clock;
    }

    record FreeTriesView(LocalDate day, int granted, int used, int left) {
    }

    record WalletView(String userId, String currency, long balance, long version, FreeTriesView freeTries) {
    }

    record EntryView(String kind, long amount, long balanceAfter, long walletVersion, String bizId, String posId,
            UUID orderId, Instant createdAt) {
    }

    /** {@code nextBefore}: pass it as {@code before} for the next (older) page; null on the last page. */
    record LedgerPage(String userId, List<EntryView> entries, Long nextBefore) {
    }

    @Operation(summary = "A user's balance and today's free tries")
    @ApiResponse(responseCode = "200", description = "The wallet.")
    @ApiResponse(responseCode = "404", description = "No wallet for this user (unknown-wallet).")
    @GetMapping("/{userId}")
    WalletView wallet(@PathVariable String userId) {
        Wallet wallet = wallets.get(new UserId(userId));
        LocalDate today = LocalDate.now(clock);
        // Today's allowance even before the reset or a first spend wrote the day's row; reading writes nothing.
        FreeTries tries = freeTries.find(wallet.userId(), today).orElseGet(
                () -> new FreeTries(wallet.userId(), today, freeTriesProperties.freeTriesPerDay(), 0, 0));
        return new WalletView(wallet.userId().value(), wallet.currency(), wallet.balance().amount(), wallet.version(),
                new FreeTriesView(today, tries.granted(), tries.used(), tries.left()));
    }

    @Operation(summary = "A user's ledger, newest first, a page at a time",
            description = "limit 1..500; pass the page's nextBefore as before for the next, older page.")
    @ApiResponse(responseCode = "200", description = "A page of entries; nextBefore is null on the last.")
    @ApiResponse(responseCode = "404", description = "No wallet for this user (unknown-wallet).")
    @GetMapping("/{userId}/ledger")
    LedgerPage ledger(@PathVariable String userId, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValueException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw new InvalidValueException("before must be a wallet version of at least 1, was " + before);
        }
        Wallet wallet = wallets.get(new UserId(userId));
        List<LedgerEntry> entries = ledger.latest(wallet.userId(), limit, before);
        Long next = entries.size() == limit ? entries.get(entries.size() - 1).walletVersion() : null;
        return new LedgerPage(wallet.userId().value(), entries.stream().map(e -> new EntryView(e.kind().name(),
                e.amount(), e.balanceAfter(), e.walletVersion(), e.key().bizId(), e.key().posId(), e.orderId(),
                e.createdAt())).toList(), next);
    }
}
