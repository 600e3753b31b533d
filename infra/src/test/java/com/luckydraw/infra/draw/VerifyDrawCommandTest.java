package com.luckydraw.infra.draw;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier against a lottery API serving the worked example of lottery-service/README.md: the numbers the
 * lottery's own formula gives for it (pinned by lottery-service's DrawFormulaTest), and tampered copies of them.
 */
class VerifyDrawCommandTest {

    private static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String COMMITMENT = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    private static final String DIGEST = "a549d240802f796d908c52e27e121b38517c25f57f13a0f46371142cc2fc7f70";
    private static final String ANN = "144b2dd8050f9d73c27de21814a62761";
    private static final String BOB = "4b090b0bb412e6c541619bebe348fa54";
    private static final String CID = "90933899b2237233cdc41ef46e1350bc";

    private static final String ROUND = """
            {"id":7,"productId":3,"pricePerShare":100,"currency":"CNY","soldShares":10,"totalShares":10,
             "status":"DRAWN","firstNumber":10000001,"seedCommitment":"%s",
             "draw":{"formula":2,"seed":"%s","allocationsDigest":"%s","winningNumber":10000001,
                     "winnerUser":"%s","allocationCount":3,"drawnAt":"2026-01-01T00:00:00Z"}}
            """.formatted(COMMITMENT, SEED, DIGEST, ANN);
    private static final String ALLOCATIONS = """
            [{"firstNumber":10000001,"lastNumber":10000003,"user":"%s"},
             {"firstNumber":10000004,"lastNumber":10000004,"user":"%s"},
             {"firstNumber":10000005,"lastNumber":10000010,"user":"%s"}]
            """.formatted(ANN, BOB, CID);

    private HttpServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aDrawAsTheLotteryPublishesItIsVerified() throws IOException {
        int code = verify(ROUND, ALLOCATIONS);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERIFIED", "winning number 10000001", DIGEST);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what was tampered                  | in    | replace                  | with                     | named
            "another seed revealed                | round | 000102030405             | ff0102030405             | does not match the commitment",
            "another winning number               | round | \"winningNumber\":10000001 | \"winningNumber\":10000005 | winning number is 10000001",
            "another winner named                 | round | \"winnerUser\":\"144b      | \"winnerUser\":\"9093      | the draw names 9093",
            "an allocation given to someone else  | alloc | \"user\":\"4b09            | \"user\":\"144b            | allocations digest is",
            "an allocation left out               | alloc | 10000004,\"lastNumber\":10000004 | 10000004,\"lastNumber\":10000003 | do not cover the numbers once"})
    void aTamperedDrawIsRefusedWithWhatDoesNotMatch(String what, String in, String replace, String with, String named)
            throws IOException {
        String round = in.equals("round") ? ROUND.replace(replace, with) : ROUND;
        String allocations = in.equals("alloc") ? ALLOCATIONS.replace(replace, with) : ALLOCATIONS;
        assertThat(round + allocations).as("the case changes something").isNotEqualTo(ROUND + ALLOCATIONS);

        int code = verify(round, allocations);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("MISMATCH").contains(named)
                .doesNotContain("VERIFIED");
    }

    @Test
    void aRoundNotDrawnYetIsNotVerified() throws IOException {
        String open = ROUND.replace("\"DRAWN\"", "\"OPEN\"").replaceAll("(?s)\"draw\":\\{.*}}", "\"draw\":null}");

        assertThat(verify(open, ALLOCATIONS)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("not drawn yet");
    }

    private int verify(String round, String allocations) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/rounds/7/allocations", allocations);
        serve("/rounds/7", round);
        server.start();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new VerifyDrawCommand().run("http://127.0.0.1:" + server.getAddress().getPort(), new String[] {"7"},
                print, print);
    }

    private void serve(String path, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().equals(path) ? 200 : 404;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
