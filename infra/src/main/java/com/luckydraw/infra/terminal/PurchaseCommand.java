package com.luckydraw.infra.terminal;

import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.order.PurchaseRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code infra/bin/purchase}: publishes one signed PurchaseRequested as a terminal does. The terminal's credentials
 * come from a file ({@link TerminalKeyring}'s format) named by {@code LUCKYDRAW_TERMINAL_KEY_FILE} or
 * {@code --key-file}: the key itself never goes on a command line.
 *
 * <pre>LUCKYDRAW_TERMINAL_KEY_FILE=~/.luckydraw/run/terminals/pos-1.terminal \
 *   PurchaseCommand --biz-id b-1 --user u-1 --round 1 --shares 2 --price 100 [--currency CNY] [--method MONEY]</pre>
 */
public final class PurchaseCommand {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--key-file", System.getenv().getOrDefault("LUCKYDRAW_TERMINAL_KEY_FILE", ""));
        o.put("--bootstrap-server", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        for (String k : new String[] {"--biz-id", "--user", "--round", "--shares", "--price"}) {
            o.put(k, "");
        }
        o.put("--currency", "CNY");
        o.put("--method", "MONEY");
        for (int i = 0; i < args.length; i++) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("purchase: unknown option or missing value: " + args[i] + "; options: "
                        + o.keySet());
                System.exit(2);
            }
            o.put(args[i], args[++i]);
        }
        for (var e : o.entrySet()) {
            if (e.getValue().isBlank()) {
                System.err.println("purchase: " + e.getKey() + " is required"
                        + ("--key-file".equals(e.getKey()) ? " (or LUCKYDRAW_TERMINAL_KEY_FILE)" : ""));
                System.exit(2);
            }
        }
        var terminal = TerminalKeyring.read(Path.of(o.get("--key-file")));
        var keyring = new TerminalKeyring(Map.of(terminal.posId(), terminal));
        var request = PurchaseRequested.of(o.get("--biz-id"), terminal.posId(), o.get("--user"),
                Long.parseLong(o.get("--round")), Integer.parseInt(o.get("--shares")), Long.parseLong(o.get("--price")),
                o.get("--currency"), PaymentMethod.valueOf(o.get("--method")));
        var record = keyring.signed(terminal.posId(), request.bizId(), new MessageCodec().encode(request));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.get("--bootstrap-server"),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "purchase-" + terminal.posId()),
                new StringSerializer(), new ByteArraySerializer())) {
            var meta = producer.send(record).get(30, TimeUnit.SECONDS);
            System.out.printf("published %s to %s-%d@%d: orderId %s%n", record.key(), meta.topic(), meta.partition(),
                    meta.offset(), request.orderId());
        }
    }
}
