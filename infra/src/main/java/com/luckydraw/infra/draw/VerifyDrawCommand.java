package com.luckydraw.infra.draw;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code infra/bin/verify-draw <roundId>}: reads a round's public data from the lottery's HTTP API (no login) and
 * recomputes its draw ({@link DrawVerification}). Exit code 0 verified, 1 a mismatch, 2 could not run.
 */
public final class VerifyDrawCommand {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: verify-draw <roundId>   (LOTTERY_URL, default http://127.0.0.1:8082)");
            return;
        }
        String base = System.getenv().getOrDefault("LOTTERY_URL", "http://127.0.0.1:"
                + System.getenv().getOrDefault("LOTTERY_PORT", "8082"));
        System.exit(new VerifyDrawCommand().run(base, args, System.out, System.err));
    }

    public int run(String baseUrl, String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || !args[0].matches("[1-9][0-9]{0,18}")) {
            err.println("usage: verify-draw <roundId>");
            return 2;
        }
        DrawVerification.Outcome outcome;
        try {
            JsonNode round = get(baseUrl + "/rounds/" + args[0]);
            JsonNode allocations = get(baseUrl + "/rounds/" + args[0] + "/allocations");
            outcome = DrawVerification.verify(round, allocations);
        } catch (IOException | RuntimeException e) {
            err.println("verify-draw could not run: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        out.println("draw of round " + args[0]);
        outcome.checked().forEach(c -> out.println("  recomputed " + c));
        if (outcome.verified()) {
            out.println("  VERIFIED");
            return 0;
        }
        outcome.mismatches().forEach(m -> out.println("  MISMATCH " + m));
        return 1;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
