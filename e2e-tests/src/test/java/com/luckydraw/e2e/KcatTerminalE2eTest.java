package com.luckydraw.e2e;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A terminal that is not written in Java: kcat (librdkafka) with the terminal's librdkafka config, as written by
 * infra/bin/kafka, publishes a signed purchase that completes, and is refused by the broker when it writes a saga
 * reply topic.
 */
@E2eTest
class KcatTerminalE2eTest {

    private static final long PRICE = 1_00;
    private static final Path KCAT = Path.of("/usr/bin/kcat");

    @Test
    void aPurchaseSignedAndSentWithKcatCompletes(E2eSystem system) throws Exception {
        var operators = new Operators(system);
        String user = operators.walletWith(10_00);
        long round = operators.roundOf(100, PRICE);
        PurchaseRequested request = Purchases.request(user, round, 2, PRICE, PaymentMethod.MONEY);
        byte[] value = new MessageCodec().encode(request);
        var signed = system.terminals.signed(request.posId(), request.bizId(), value);
        String signature = new String(signed.headers().lastHeader("luckydraw-signature").value(),
                StandardCharsets.US_ASCII);

        var result = kcat(system, value, "-P", "-t", Topics.PURCHASE_REQUESTS.name(), "-k", signed.key(),
                "-H", "luckydraw-signature=" + signature);

        assertThat(result.exitCode()).as(result.output()).isZero();
        TestDatabases.Order order = Orders.ended(system, request);
        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(system.read.ledger(request.bizId(), request.posId()))
                .containsExactly(new TestDatabases.LedgerEntry("DEBIT", user, 2 * PRICE));
    }

    @Test
    void kcatWritingTheWalletsRepliesAsATerminalIsRefusedByTheBroker(E2eSystem system) throws Exception {
        byte[] forged = "{\"type\":\"WalletDebited\"}".getBytes(StandardCharsets.UTF_8);

        var result = kcat(system, forged, "-P", "-t", Topics.WALLET_EVENTS.name(), "-k", "forged");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("Topic authorization failed");
    }

    private record Result(int exitCode, String output) {
    }

    /** kcat as the terminal principal: its librdkafka config file, no password on the command line. */
    private static Result kcat(E2eSystem system, byte[] value, String... arguments) throws IOException, InterruptedException {
        if (!Files.isExecutable(KCAT)) {
            fail("kcat is missing at " + KCAT + ": infra/bin/test installs it (apt-get install -y kcat)");
        }
        Path config = KafkaLogin.credentialsDir().resolve("terminal.librdkafka.conf");
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-F", config.toString(), "-b",
                system.bootstrap));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(value);
            in.write('\n');
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("kcat did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
