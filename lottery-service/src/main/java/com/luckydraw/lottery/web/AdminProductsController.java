package com.luckydraw.lottery.web;

import com.luckydraw.events.Checks;
import com.luckydraw.lottery.money.Money;
import com.luckydraw.lottery.product.ProductId;
import com.luckydraw.lottery.product.Products;
import com.luckydraw.lottery.opening.OpeningRound;
import com.luckydraw.lottery.round.Round;
import com.luckydraw.lottery.web.Views.LaunchView;
import com.luckydraw.lottery.web.Views.ProductView;
import com.luckydraw.lottery.web.Views.RoundView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Operators register products (with their first round) and open further rounds. */
@RestController
@RequestMapping("/admin/products")
class AdminProductsController {

    /** Shares of one round at most: keeps lucky numbers within 8 digits after 10000001. */
    static final int MAX_SHARES_PER_ROUND = 89_999_999;

    private final OpeningRound opening;
    private final Products products;

    AdminProductsController(OpeningRound opening, Products products) {
        this.opening = opening;
        this.products = products;
    }

    record NewProduct(
            @NotBlank @Size(max = 200)
            @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters") String name,
            @NotNull @Positive @Max(Checks.MAX_AMOUNT) Long pricePerShare,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like CNY") String currency,
            @NotNull @Positive @Max(MAX_SHARES_PER_ROUND) Integer sharesPerRound,
            Boolean reopenOnSellOut) {
    }

    record NewRound(@Positive @Max(MAX_SHARES_PER_ROUND) Integer totalShares) {
    }

    @Operation(summary = "Register a product and open its first round")
    @ApiResponse(responseCode = "201", description = "Registered; Location is the product.")
    @PostMapping
    ResponseEntity<LaunchView> create(@Valid @RequestBody NewProduct body) {
        var launch = opening.launch(body.name(), Money.price(body.pricePerShare(), body.currency()),
                body.sharesPerRound(), Boolean.TRUE.equals(body.reopenOnSellOut()));
        return ResponseEntity.created(URI.create("/admin/products/" + launch.product().id()))
                .body(new LaunchView(ProductView.of(launch.product()), RoundView.of(launch.round())));
    }

    @Operation(summary = "A product")
    @ApiResponse(responseCode = "200", description = "The product.")
    @ApiResponse(responseCode = "404", description = "No such product (not-found).")
    @GetMapping("/{id}")
    ProductView get(@PathVariable long id) {
        return ProductView.of(products.get(new ProductId(id)));
    }

    @Operation(summary = "Open another round of a product",
            description = "With the product's shares per round, or totalShares when given.")
    @ApiResponse(responseCode = "201", description = "Opened; Location is the round.")
    @ApiResponse(responseCode = "404", description = "No such product (not-found).")
    @PostMapping("/{id}/rounds")
    ResponseEntity<RoundView> openRound(@PathVariable long id, @Valid @RequestBody(required = false) NewRound body) {
        Round round = opening.next(new ProductId(id), body == null ? null : body.totalShares());
        return ResponseEntity.created(URI.create("/admin/rounds/" + round.id())).body(RoundView.of(round));
    }
}
