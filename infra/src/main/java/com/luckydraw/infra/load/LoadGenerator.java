package com.luckydraw.infra.load;

import com.luckydraw.kafka.KafkaLogin;
import com.luckydraw.kafka.KafkaPrincipal;
import com.luckydraw.events.InvalidMessageException;
import com.luckydraw.events.MessageCodec;
import com.luckydraw.events.order.OrderEvent;
import com.luckydraw.infra.load.cpu.CpuUse;
import com.luckydraw.infra.load.cpu.ProcessCpu;
import com.luckydraw.infra.load.cpu.WatchedProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import com.luckydraw.infra.terminal.TerminalKeyring;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Publishes purchase requests to Kafka at a target rate (or as fast as the producer takes them) and measures each
 * order from request sent to terminal event received on the order events topic. Prints a progress line every
 * second on stderr; writes the results as JSON or CSV; exits 0 only when every order ended and every send
 * succeeded. It talks to Kafka only: the rounds, wallets and services must be set up before (infra/bin/bench does).
 */
public final class LoadGenerator {

    /**
     * Requests due within 5 ms of each other are sent together: one wake-up of the sender and of the producer's I/O
     * thread per tick instead of per request. A request sent late counts its wait in the latency.
     */
    static final Duration SEND_TICK = Duration.ofMillis(5);

    private final LoadOptions options;
    private final PrintStream progress;
    private final MessageCodec codec = new MessageCodec();
    private final Outcomes outcomes = new Outcomes();
    /** The warm-up's orders while they are in flight: their events are matched there, not measured. */
    private volatile Outcomes warmingUp;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private final TerminalKeyring terminals;

    /** Each request is signed with the key of its terminal, pos-1 .. pos-N, from {@code terminals}. */
    public LoadGenerator(LoadOptions options, TerminalKeyring terminals, PrintStream progress) {
        this.options = options;
        this.terminals = terminals;
        this.progress = progress;
        for (int i = 1; i <= options.terminals(); i++) {
            terminals.of("pos-" + i); // every terminal of the plan has a key before anything is sent
        }
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(64);
            return;
        }
        // The terminals' keys come from files (infra/bin/bench's setup writes them, mode 600), never from argv.
        String keys = System.getenv("LUCKYDRAW_TERMINAL_KEYS");
        if (keys == null || keys.isBlank()) {
            System.err.println("load: LUCKYDRAW_TERMINAL_KEYS must name the directory of the terminals' keys"
                    + " (pos-1 .. pos-N, one <posId>.terminal file each; BenchSetup --terminals N writes them)");
            System.exit(64);
            return;
        }
        LoadGenerator generator;
        try {
            generator = new LoadGenerator(options, TerminalKeyring.load(Path.of(keys)), System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(64);
            return;
        }
        var finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        // Ctrl-C stops sending; the run still drains briefly and writes what it measured.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            generator.stop();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                main.interrupt();
            }
        }));
        LoadResult result;
        try {
            result = generator.run();
            if (options.output() != null) {
                result.write(options.output(), options.format());
                System.err.println("load: results written to " + options.output());
            }
        } finally {
            finished.countDown();
        }
        System.out.printf("%s: sent %d (%.0f/s), orders %d, completed %d, cancelled %d, missing %d; %.1f completed/s;"
                        + " latency ms p50 %.1f p95 %.1f p99 %.1f max %.1f%n", result.label(), result.sent(),
                result.sentPerSecond(), result.orders(), result.completed(), result.cancelled(), result.missing(),
                result.completedPerSecond(), result.latencyMs().p50(), result.latencyMs().p95(),
                result.latencyMs().p99(), result.latencyMs().max());
        System.exit(result.complete() ? 0 : 2);
    }

    /** Stops sending; the run then drains for at most a few seconds. */
    public void stop() {
        stopRequested.set(true);
    }

    public LoadResult run() throws InterruptedException {
        String startedAt = Instant.now().toString();
        try (var consumer = consumer(); var producer = producer()) {
            requireTopic(consumer, options.requestsTopic());
            List<TopicPartition> partitions = requireTopic(consumer, options.eventsTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            // Start reading at the end, and fix the positions before the first send: no event of ours is missed.
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            var listening = new AtomicBoolean(true);
            var invalidEvents = new AtomicLong();
            Thread listener = new Thread(() -> listen(consumer, listening, invalidEvents), "order-events");
            listener.setDaemon(true);
            listener.start();

            var sendErrors = new AtomicLong();
            if (!options.warmup().isZero()) {
                warmUp(producer, sendErrors);
            }
            var plan = new PurchasePlan(options);
            // The CPU of the measured window, sending and draining, the generator's own included.
            var cpuWindow = ProcessCpu.system().start(Stream.concat(
                    Stream.of(new WatchedProcess("generator", ProcessHandle.current().pid(), false)),
                    options.cpu().stream()).toList());
            Phase measured;
            try {
                measured = send(producer, options, plan, outcomes, sendErrors);
            } finally {
                listening.set(false);
            }
            CpuUse cpu = cpuWindow.end(outcomes.completed());
            consumer.wakeup();
            listener.join(5_000);

            Histogram latency = outcomes.total();
            double sendSeconds = (measured.sendEnd() - measured.start()) / 1e9;
            double elapsed = outcomes.lastTerminal() == Long.MIN_VALUE ? 0
                    : (outcomes.lastTerminal() - outcomes.firstSent()) / 1e9;
            long sent = measured.sent();
            return new LoadResult(options.label(), options.runId(), startedAt, options.describe(), options.rate(),
                    sent, measured.duplicates(), sendErrors.get(), round(sendSeconds), round(sent / sendSeconds),
                    plan.purchases(), outcomes.completed(), outcomes.cancelled(), outcomes.inFlight(),
                    outcomes.foreign(), outcomes.cancelReasons(), round(elapsed),
                    round(elapsed == 0 ? 0 : outcomes.completed() / elapsed),
                    round(elapsed == 0 ? 0 : outcomes.terminal() / elapsed), LoadResult.Latency.of(latency),
                    cpu.seconds(), cpu.msPerPurchase());
        }
    }

    /**
     * Sends for the warm-up's duration and waits for those orders to end; nothing of it is measured. Warms this JVM
     * (its JIT, its producer's and consumer's connections) as much as the services, in the process that measures.
     */
    private void warmUp(KafkaProducer<String, byte[]> producer, AtomicLong sendErrors) throws InterruptedException {
        LoadOptions phase = options.warmUpPhase();
        progress.printf("warm-up: %.0f/s for %ds, not recorded%n", phase.rate(), phase.duration().toSeconds());
        var warm = new Outcomes();
        warmingUp = warm;
        long errorsBefore = sendErrors.get();
        Phase done = send(producer, phase, new PurchasePlan(phase), warm, sendErrors);
        sendErrors.set(errorsBefore); // the measured run reports its own send errors
        progress.printf("warm-up: %d sent, %d ended, %d still in flight; measuring%n", done.sent(), warm.terminal(),
                warm.inFlight());
    }

    /** What a sending phase did, on the monotonic clock. */
    private record Phase(long start, long sendEnd, long sent, long duplicates) {
    }

    /**
     * Sends {@code phase}'s requests, then waits for their orders to end. Each order's latency counts from when its
     * request was due by the schedule, not from when it was sent: a generator that falls behind does not hide the
     * wait from the measurement (coordinated omission).
     */
    private Phase send(KafkaProducer<String, byte[]> producer, LoadOptions phase, PurchasePlan plan, Outcomes into,
            AtomicLong sendErrors) throws InterruptedException {
        var limiter = new RateLimiter(phase.rate(), SEND_TICK.toNanos(), RateLimiter.Clock.SYSTEM);
        var progressLine = new Progress(limiter, into);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(progressLine::print, 1, 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        long sent = 0;
        long duplicates = 0;
        try {
            while (!stopRequested.get() && !phase.sendingDone(sent, Duration.ofNanos(System.nanoTime() - start))) {
                long due = limiter.acquire();
                var planned = plan.next();
                var request = planned.request();
                var orderId = request.orderId();
                if (planned.duplicate()) {
                    duplicates++;
                } else {
                    into.sent(orderId, due);
                }
                boolean original = !planned.duplicate();
                producer.send(terminals.signed(phase.requestsTopic(), request.posId(), request.bizId(),
                        codec.encode(request)), (metadata, error) -> {
                    if (error != null) {
                        sendErrors.incrementAndGet();
                        if (original) {
                            into.unsent(orderId);
                        }
                    }
                });
                sent++;
                progressLine.sent = sent;
            }
            producer.flush();
            long sendEnd = System.nanoTime();
            drain(into);
            progressLine.print();
            return new Phase(start, sendEnd, sent, duplicates);
        } finally {
            ticker.shutdownNow();
        }
    }

    private void drain(Outcomes outcomes) {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        long stopDeadline = Long.MAX_VALUE;
        while (outcomes.inFlight() > 0 && System.nanoTime() < Math.min(deadline, stopDeadline)) {
            if (stopRequested.get() && stopDeadline == Long.MAX_VALUE) {
                stopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void listen(KafkaConsumer<String, byte[]> consumer, AtomicBoolean listening, AtomicLong invalid) {
        try {
            while (listening.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long received = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        OrderEvent event = codec.decode(record.value(), OrderEvent.class);
                        Outcomes warm = warmingUp;
                        (warm != null && warm.expects(event.correlationId()) ? warm : outcomes).terminal(event,
                                received);
                    } catch (InvalidMessageException e) {
                        invalid.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() during poll: the run is over.
        }
    }

    private List<PartitionInfo> requireTopic(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.listTopics(Duration.ofSeconds(15)).get(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on " + options.bootstrap()
                    + ": start the services first (they declare their topics)");
        }
        return partitions;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(KafkaLogin.as(KafkaPrincipal.AUDITOR, Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.CLIENT_ID_CONFIG, "load-" + options.runId())),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(KafkaLogin.as(KafkaPrincipal.TERMINAL, Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // The requests of a send tick go out in one produce request (a request sent alone per tick waits
                // at most 1 ms for company). Before the tick, 1 ms left nearly every request at 1,000/s on its own: a
                // quarter of a core here and more in the broker, on the cores of the system measured.
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                ProducerConfig.CLIENT_ID_CONFIG, "load-" + options.runId())),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The once-a-second line on stderr: what was sent, what ended, and the last second's latency. */
    private final class Progress {

        private final RateLimiter limiter;
        private final Outcomes outcomes;
        private final long start = System.nanoTime();
        private volatile long sent;
        private long lastSent;
        private long lastTerminal;
        private long lastAt = start;

        Progress(RateLimiter limiter, Outcomes outcomes) {
            this.limiter = limiter;
            this.outcomes = outcomes;
        }

        synchronized void print() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
            long sentNow = sent;
            long terminal = outcomes.terminal();
            Histogram last = outcomes.interval();
            progress.printf("[%5.0fs] sent %d (%.0f/s, %d ms behind) | ended %d (%.0f/s): completed %d, cancelled %d"
                            + " | in flight %d | last 1s p50 %.0f ms p99 %.0f ms max %.0f ms%n",
                    (now - start) / 1e9, sentNow, (sentNow - lastSent) / seconds,
                    TimeUnit.NANOSECONDS.toMillis(limiter.behindNanos()), terminal,
                    (terminal - lastTerminal) / seconds, outcomes.completed(), outcomes.cancelled(),
                    outcomes.inFlight(), last.getValueAtPercentile(50) / 1000.0,
                    last.getValueAtPercentile(99) / 1000.0, last.getMaxValue() / 1000.0);
            lastSent = sentNow;
            lastTerminal = terminal;
            lastAt = now;
        }
    }
}
