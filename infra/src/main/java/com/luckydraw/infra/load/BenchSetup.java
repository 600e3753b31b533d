package com.luckydraw.infra.load;

import com.luckydraw.infra.process.ServiceAdmin;
import com.luckydraw.infra.terminal.TerminalEnrolment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prepares the services for a benchmark through their admin HTTP APIs, as an operator would: opens the buyers'
 * wallets with an initial credit (wallet-service {@code POST /admin/wallets}, idempotent per user and credit key) and
 * launches one product per round (lottery-service {@code POST /admin/products}, its first round). Prints the round ids
 * as {@code ROUND_BASE=<first id>}; they must be consecutive, as the load generator addresses rounds
 * {@code base .. base + rounds - 1}.
 *
 * With {@code --terminal-keys DIR} it also registers terminals pos-1..pos-N ({@code --terminals N}) with
 * order-service ({@code --order}) and writes their keys to DIR, one mode-600 file each, for the load generator.
 *
 * <pre>BenchSetup --wallet http://127.0.0.1:18081 --lottery http://127.0.0.1:18082 --users 10000 --rounds 100</pre>
 */
public final class BenchSetup {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // The services it sets up were started with the same SERVICE_ADMIN_USER / SERVICE_ADMIN_PASSWORD (or neither).
    private final ServiceAdmin admin = ServiceAdmin.fromEnvironment();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--wallet", "http://127.0.0.1:8081", "--lottery",
                "http://127.0.0.1:8082", "--users", "10000", "--user-prefix", "user-", "--balance", "100000000",
                "--currency", "CNY", "--rounds", "100", "--price", "100", "--shares-per-round", "89000000",
                "--skip-wallets", "false"));
        o.putAll(Map.of("--order", "http://127.0.0.1:8083", "--terminals", "32", "--terminal-keys", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + o.keySet());
            }
            o.put(args[i], args[i + 1]);
        }
        for (String url : List.of(o.get("--wallet"), o.get("--lottery"), o.get("--order"))) {
            String host = URI.create(url).getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                throw new IllegalArgumentException("services must be on this machine: " + url);
            }
        }
        var setup = new BenchSetup();
        if (!o.get("--terminal-keys").isBlank()) {
            // The load generator signs each request as its terminal: pos-1..pos-N are registered (or rotated) and
            // their keys written to files only their owner can read.
            int terminals = Integer.parseInt(o.get("--terminals"));
            var keyring = new TerminalEnrolment(o.get("--order"), ServiceAdmin.fromEnvironment()).enrol(
                    java.util.stream.IntStream.rangeClosed(1, terminals).mapToObj(i -> "pos-" + i).toList());
            keyring.save(Path.of(o.get("--terminal-keys")));
            System.err.printf("setup: terminals pos-1..pos-%d registered, keys in %s%n", terminals,
                    o.get("--terminal-keys"));
        }
        if (!Boolean.parseBoolean(o.get("--skip-wallets"))) {
            setup.openWallets(o.get("--wallet"), Integer.parseInt(o.get("--users")), o.get("--user-prefix"),
                    Long.parseLong(o.get("--balance")), o.get("--currency"));
        }
        List<Long> rounds = setup.launchRounds(o.get("--lottery"), Integer.parseInt(o.get("--rounds")),
                Long.parseLong(o.get("--price")), o.get("--currency"), Integer.parseInt(o.get("--shares-per-round")));
        for (int i = 1; i < rounds.size(); i++) {
            if (rounds.get(i) != rounds.get(0) + i) {
                throw new IllegalStateException("round ids are not consecutive: " + rounds);
            }
        }
        System.out.println("ROUND_BASE=" + rounds.get(0));
        System.out.println("ROUNDS=" + rounds.size());
    }

    void openWallets(String base, int users, String prefix, long balance, String currency) throws Exception {
        var created = new AtomicLong();
        var existing = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 1; u <= users; u++) {
                String user = prefix + u;
                done.add(pool.submit(() -> {
                    var body = Map.of("userId", user, "currency", currency, "initialCredit",
                            Map.of("amount", balance, "bizId", "bench-credit-" + user, "posId", "bench"));
                    var response = post(base + "/admin/wallets", body);
                    if (response.statusCode() == 201) {
                        created.incrementAndGet();
                    } else if (response.statusCode() == 200) {
                        existing.incrementAndGet();
                    } else {
                        throw new IllegalStateException("opening wallet " + user + ": HTTP " + response.statusCode()
                                + " " + response.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.err.printf("setup: wallets %s%d..%d: %d opened, %d already there%n", prefix, 1, users, created.get(),
                existing.get());
    }

    List<Long> launchRounds(String base, int rounds, long price, String currency, int shares) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            var response = post(base + "/admin/products", Map.of("name", "bench product " + r, "pricePerShare", price,
                    "currency", currency, "sharesPerRound", shares, "reopenOnSellOut", false));
            if (response.statusCode() != 201) {
                throw new IllegalStateException("launching a product: HTTP " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode launch = JSON.readTree(response.body());
            ids.add(launch.get("round").get("id").asLong());
        }
        System.err.printf("setup: %d rounds of %d shares at %d %s: ids %d..%d%n", rounds, shares, price, currency,
                ids.get(0), ids.get(ids.size() - 1));
        return ids;
    }

    private HttpResponse<String> post(String url, Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", admin.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
