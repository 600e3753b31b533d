package com.luckydraw.infra.deadletter;

import com.luckydraw.events.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code infra/bin/dead-letters}: an operator's view of a dead-letter topic and the way back from it.
 *
 * <pre>
 * list      &lt;topic&gt; [--from-offset N] [--full]        offset, key, consumer, reason, source, payload
 * show      &lt;topic&gt; --offset N                         the payload's bytes alone (to save and edit)
 * republish &lt;topic&gt; --offset N [--value-file F]        the original (or fixed) payload back to the original topic
 * </pre>
 *
 * {@code <topic>} is the dead-letter topic or the topic it belongs to. It runs as the operator unless
 * {@code --command-config FILE} or {@value DeadLettersLogin#PRINCIPAL_VARIABLE} says otherwise ({@link DeadLettersLogin}).
 * Exit codes: 0 done, 1 no such record, 2 bad arguments or the broker unreachable, 3 the broker refused the login or
 * what it asked for.
 */
public final class DeadLettersCommand {

    /** Payload characters {@code list} prints unless {@code --full}: enough to recognise a record. */
    static final int PREVIEW_CHARS = 400;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public DeadLettersCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /** With the environment it reads its defaults from (bootstrap servers, principal, credentials folder). */
    public DeadLettersCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.exit(new DeadLettersCommand(System.out, System.err).run(args));
    }

    public int run(String... args) {
        try {
            Arguments parsed = Arguments.parse(args, env);
            try {
                return switch (parsed.action) {
                    case "list" -> list(parsed);
                    case "show" -> show(parsed);
                    case "republish" -> republish(parsed);
                    default -> throw new IllegalArgumentException("unknown action '" + parsed.action
                            + "': list, show or republish");
                };
            } catch (RuntimeException e) {
                if (RefusedByBroker.isRefusal(e)) {
                    throw new RefusedByBroker(parsed.login.who() + " reading " + parsed.topic, e, null);
                }
                throw e;
            }
        } catch (RefusedByBroker e) {
            err.println("dead-letters: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("dead-letters: " + e.getMessage());
            return 2;
        }
    }

    private int list(Arguments a) {
        var topic = new DeadLetterTopic(a.bootstrap, a.topic, a.login);
        List<DeadLetter> letters = topic.read(a.fromOffset == null ? 0 : a.fromOffset);
        out.printf("%s: %d dead letter(s)%s%n", a.topic, letters.size(),
                a.fromOffset == null ? "" : " from offset " + a.fromOffset);
        for (DeadLetter letter : letters) {
            String payload = new String(letter.value() == null ? new byte[0] : letter.value(), StandardCharsets.UTF_8);
            out.printf("%n%soffset %d  at %s%n", letter.partition() == 0 ? "" : "partition " + letter.partition() + ", ",
                    letter.offset(), letter.at());
            out.println("  key:      " + visible(letter.key()));
            out.println("  consumer: " + visible(letter.consumer()));
            out.println("  reason:   " + visible(letter.reason()));
            out.println("  source:   " + letter.source());
            out.println("  payload:  " + (letter.value() == null ? "null" : letter.value().length + " bytes: "
                    + visible(a.full || payload.length() <= PREVIEW_CHARS ? payload
                            : payload.substring(0, PREVIEW_CHARS) + "...")));
        }
        return 0;
    }

    private int show(Arguments a) {
        var letter = new DeadLetterTopic(a.bootstrap, a.topic, a.login).at(a.partition, a.requireOffset());
        if (letter.isEmpty()) {
            err.println("dead-letters: " + a.topic + " has no record at offset " + a.offset);
            return 1;
        }
        byte[] value = letter.get().value();
        out.write(value == null ? new byte[0] : value, 0, value == null ? 0 : value.length);
        out.println();
        out.flush();
        return 0;
    }

    private int republish(Arguments a) {
        var letter = new DeadLetterTopic(a.bootstrap, a.topic, a.login).at(a.partition, a.requireOffset());
        if (letter.isEmpty()) {
            err.println("dead-letters: " + a.topic + " has no record at offset " + a.offset);
            return 1;
        }
        byte[] value = a.valueFile == null ? null : fixedValue(a.valueFile);
        var sent = new RepublishingDeadLetter(a.bootstrap, a.login).republish(letter.get(), value);
        out.printf("republished %s-%d@%d (%s, key %s) to %s-%d@%d%n", a.topic, a.partition, a.offset,
                value == null ? "original value" : "fixed value of " + value.length + " bytes", visible(letter.get().key()),
                sent.topic(), sent.partition(), sent.offset());
        return 0;
    }

    /** The operator's file, without the line end an editor adds at its end. */
    private static byte[] fixedValue(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            if (length == 0) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return Arrays.copyOf(bytes, length);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Control characters shown as escapes: a refused record may carry them, and they must not drive the terminal. */
    static String visible(String text) {
        if (text == null) {
            return "(none)";
        }
        var shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    private static final class Arguments {
        String action;
        String topic;
        String bootstrap;
        Path commandConfig;
        DeadLettersLogin login;
        Long fromOffset;
        Long offset;
        int partition;
        Path valueFile;
        boolean full;

        static Arguments parse(String[] args, Map<String, String> env) {
            var a = new Arguments();
            a.bootstrap = env(env, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: dead-letters list|show|republish <topic> [options]"
                        + " (infra/bin/dead-letters --help)");
            }
            a.action = args[0];
            a.topic = args[1].endsWith(Topics.DEAD_LETTER_SUFFIX) ? args[1] : Topics.deadLetterOf(args[1]);
            for (int i = 2; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--full")) {
                    a.full = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--bootstrap-server" -> a.bootstrap = value;
                    case "--from-offset" -> a.fromOffset = number(option, value);
                    case "--offset" -> a.offset = number(option, value);
                    case "--partition" -> a.partition = (int) number(option, value);
                    case "--value-file" -> a.valueFile = Path.of(value);
                    case "--command-config" -> a.commandConfig = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            a.login = DeadLettersLogin.of(a.commandConfig, env);
            return a;
        }

        long requireOffset() {
            if (offset == null) {
                throw new IllegalArgumentException(action + " needs --offset N (see: dead-letters list " + topic + ")");
            }
            return offset;
        }

        private static long number(String option, String value) {
            try {
                long n = Long.parseLong(value);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number >= 0, was '" + value + "'");
            }
        }

        private static String env(Map<String, String> env, String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
