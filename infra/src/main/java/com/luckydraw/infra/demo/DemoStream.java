package com.luckydraw.infra.demo;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.infra.terminal.TerminalKeyring;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a demo stream of {@link PurchaseRequested} to the purchase requests topic, as terminals would: several
 * users, every round of the plan, about a tenth of the purchases resent (same bizId and posId, new messageId, as a
 * terminal does after a timeout), some paid with free tries, and, by the plan's balances, some users who run out of
 * money. The stream is seeded, so the same plan gives the same purchases.
 *
 * <p>As a main: {@code DemoStream --run-id <id> --users a,b,c --rounds <id>:<pricePerShare>[,...] [--purchases 200]
 * [--seed 7] [--rate 200]} with {@code KAFKA_BOOTSTRAP_SERVERS} and {@code LUCKYDRAW_TOPICS_NAMESPACE} from the
 * environment; the users and rounds must exist already (infra/bin/run creates them).
 */
public final class DemoStream {

    /**
     * @param purchases     distinct purchases (each is one order)
     * @param duplicateRate share of the purchases sent a second time
     * @param freeTryRate   share of the purchases paid with free tries (one share each)
     * @param ratePerSecond records per second, so the stream is a stream and not one batch
     */
    public record Options(int purchases, double duplicateRate, double freeTryRate, long seed, int ratePerSecond) {
        public static Options defaults() {
            return new Options(200, 0.10, 0.10, 7, 200);
        }
    }

    /** What was published: every record in send order, and the distinct purchases. */
    public record Result(List<PurchaseRequested> sent, List<PurchaseRequested> purchases) {
        public int duplicates() {
            return sent.size() - purchases.size();
        }
    }

    /** The terminals of the stream: pos-1 .. pos-4. */
    public static final List<String> TERMINALS = List.of("pos-1", "pos-2", "pos-3", "pos-4");

    private final String bootstrap;
    private final String topic;
    private final TerminalKeyring terminals;
    private final MessageCodec codec = new MessageCodec();

    /** Each record is signed with the key of its terminal ({@link #TERMINALS}, registered with order-service). */
    public DemoStream(String bootstrap, String topic, TerminalKeyring terminals) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.terminals = terminals;
    }

    /** The records this plan produces, in send order: originals with their resends a few records later. */
    public static List<PurchaseRequested> records(DemoPlan plan, Options options) {
        var random = new Random(options.seed());
        List<PurchaseRequested> originals = new ArrayList<>();
        for (int i = 0; i < options.purchases(); i++) {
            DemoPlan.User user = pickUser(plan, random);
            DemoPlan.Round round = pickRound(plan, random);
            boolean freeTries = random.nextDouble() < options.freeTryRate();
            int shares = freeTries ? 1 : 1 + random.nextInt(round.small() ? 3 : 5);
            String bizId = plan.bizIdPrefix() + String.format("%04d", i);
            String posId = TERMINALS.get(random.nextInt(TERMINALS.size()));
            originals.add(PurchaseRequested.of(bizId, posId, user.id(), round.id(), shares, round.pricePerShare(),
                    plan.currency(), freeTries ? PaymentMethod.FREE_TRIES : PaymentMethod.MONEY));
        }
        // A resend goes out 1 to 20 records after its original, like a terminal retrying after a timeout.
        List<List<PurchaseRequested>> slots = new ArrayList<>();
        originals.forEach(o -> slots.add(new ArrayList<>(List.of(o))));
        for (int i = 0; i < originals.size(); i++) {
            if (random.nextDouble() < options.duplicateRate()) {
                int at = Math.min(slots.size() - 1, i + 1 + random.nextInt(20));
                slots.get(at).add(resend(originals.get(i)));
            }
        }
        return slots.stream().flatMap(List::stream).toList();
    }

    private static DemoPlan.User pickUser(DemoPlan plan, Random random) {
        int total = plan.users().stream().mapToInt(DemoPlan.User::weight).sum();
        int pick = random.nextInt(total);
        for (DemoPlan.User user : plan.users()) {
            pick -= user.weight();
            if (pick < 0) {
                return user;
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }

    private static DemoPlan.Round pickRound(DemoPlan plan, Random random) {
        // A quarter of the demand goes to the small rounds: several times what they hold, so they sell out early.
        List<DemoPlan.Round> small = plan.rounds().stream().filter(DemoPlan.Round::small).toList();
        List<DemoPlan.Round> large = plan.rounds().stream().filter(r -> !r.small()).toList();
        List<DemoPlan.Round> from = small.isEmpty() ? large : large.isEmpty() ? small
                : random.nextDouble() < 0.25 ? small : large;
        return from.get(random.nextInt(from.size()));
    }

    /** The same purchase again: same bizId, posId and payload, a new messageId. */
    static PurchaseRequested resend(PurchaseRequested original) {
        return new PurchaseRequested(UUID.randomUUID(), original.schemaVersion(), original.bizId(), original.posId(),
                original.correlationId(), original.occurredAt(), original.userId(), original.roundId(),
                original.shares(), original.pricePerShare(), original.currency(), original.paymentMethod());
    }

    /** Sends the records at the options' rate, keyed {@code posId:bizId}, and waits for every acknowledgement. */
    public Result publish(DemoPlan plan, Options options, PrintStream out) {
        List<PurchaseRequested> records = records(plan, options);
        var distinct = new LinkedHashMap<String, PurchaseRequested>();
        records.forEach(r -> distinct.putIfAbsent(r.posId() + ":" + r.bizId(), r));
        List<PurchaseRequested> purchases = List.copyOf(distinct.values());
        long intervalNanos = options.ratePerSecond() <= 0 ? 0 : 1_000_000_000L / options.ratePerSecond();
        try (var producer = new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.TERMINAL, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
                ProducerConfig.CLIENT_ID_CONFIG, "demo-stream")), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            long next = System.nanoTime();
            for (PurchaseRequested record : records) {
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                acks.add(producer.send(terminals.signed(topic, record.posId(), record.bizId(),
                        codec.encode(record))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker at " + bootstrap + " did not take the demo stream on " + topic
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
        out.printf("published %d purchase requests to %s: %d purchases, %d resent duplicates%n", records.size(),
                topic, purchases.size(), records.size() - purchases.size());
        return new Result(records, purchases);
    }

    public static void main(String[] args) {
        String runId = null;
        List<DemoPlan.User> users = new ArrayList<>();
        List<DemoPlan.Round> rounds = new ArrayList<>();
        Options options = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--run-id" -> runId = value;
                case "--users" -> {
                    for (String id : value.split(",")) {
                        users.add(new DemoPlan.User(id, 0, 1, ""));
                    }
                }
                case "--rounds" -> {
                    for (String spec : value.split(",")) {
                        String[] parts = spec.split(":");
                        rounds.add(new DemoPlan.Round(Long.parseLong(parts[0]), "round " + parts[0], 0,
                                Long.parseLong(parts[1]), rounds.isEmpty()));
                    }
                }
                case "--purchases" -> options = new Options(Integer.parseInt(value), options.duplicateRate(),
                        options.freeTryRate(), options.seed(), options.ratePerSecond());
                case "--seed" -> options = new Options(options.purchases(), options.duplicateRate(),
                        options.freeTryRate(), Long.parseLong(value), options.ratePerSecond());
                case "--rate" -> options = new Options(options.purchases(), options.duplicateRate(),
                        options.freeTryRate(), options.seed(), Integer.parseInt(value));
                case "-h", "--help" -> {
                    System.out.println("usage: DemoStream --run-id <id> --users a,b --rounds <id>:<pricePerShare>,..."
                            + " [--purchases 200] [--seed 7] [--rate 200]; the first round is the small one");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (runId == null) {
            runId = RunIds.next();
        }
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String keys = System.getenv("LUCKYDRAW_TERMINAL_KEYS");
        if (keys == null || keys.isBlank()) {
            System.err.println("DemoStream: LUCKYDRAW_TERMINAL_KEYS must name the directory of the terminals' keys"
                    + " (" + TERMINALS + ", one <posId>.terminal file each)");
            System.exit(2);
        }
        new DemoStream(bootstrap, Topics.PURCHASE_REQUESTS.name(), TerminalKeyring.load(java.nio.file.Path.of(keys)))
                .publish(new DemoPlan(runId, "CNY", users, rounds), options, System.out);
    }
}
