package com.luckydraw.infra.load;

import com.luckydraw.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void defaultsMakeABoundedRunAgainstTheLocalBroker() {
        var options = LoadOptions.parse();

        assertThat(options.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(options.count()).isEqualTo(1000);
        assertThat(options.duration()).isZero();
        assertThat(options.rate()).isEqualTo(100);
        assertThat(options.users()).isEqualTo(1000);
        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.hotShare()).isEqualTo(1.0);
        assertThat(options.duplicates()).isZero();
        assertThat(options.requestsTopic()).isEqualTo(Topics.PURCHASE_REQUESTS.name());
        assertThat(options.eventsTopic()).isEqualTo(Topics.ORDER_EVENTS.name());
        assertThat(options.output()).isNull();
        assertThat(options.format()).isEqualTo(LoadOptions.Format.JSON);
        assertThat(options.label()).isEqualTo(options.runId());
    }

    @Test
    void everyOptionIsRead() {
        var options = LoadOptions.parse("--rate", "1000", "--duration", "2m", "--users", "5000", "--rounds", "100",
                "--round-base", "7", "--hot-share", "0.25", "--duplicates", "0.1", "--max-shares", "3", "--price",
                "250", "--currency", "EUR", "--terminals", "8", "--run-id", "r1", "--label", "hot", "--seed", "42",
                "--drain-timeout", "500ms", "--output", "out/r.csv", "--requests-topic", "a", "--events-topic", "b",
                "--user-prefix", "u", "--bootstrap", "localhost:19092");

        assertThat(options.rate()).isEqualTo(1000);
        assertThat(options.count()).isZero();
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.users()).isEqualTo(5000);
        assertThat(options.rounds()).isEqualTo(100);
        assertThat(options.roundBase()).isEqualTo(7);
        assertThat(options.hotShare()).isEqualTo(0.25);
        assertThat(options.duplicates()).isEqualTo(0.1);
        assertThat(options.maxShares()).isEqualTo(3);
        assertThat(options.pricePerShare()).isEqualTo(250);
        assertThat(options.currency()).isEqualTo("EUR");
        assertThat(options.terminals()).isEqualTo(8);
        assertThat(options.runId()).isEqualTo("r1");
        assertThat(options.label()).isEqualTo("hot");
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.drainTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.output()).isEqualTo(Path.of("out/r.csv"));
        assertThat(options.format()).isEqualTo(LoadOptions.Format.CSV);
        assertThat(options.requestsTopic()).isEqualTo("a");
        assertThat(options.eventsTopic()).isEqualTo("b");
        assertThat(options.userPrefix()).isEqualTo("u");
        assertThat(options.bootstrap()).isEqualTo("localhost:19092");
    }

    @Test
    void explicitFormatWinsOverTheFileName() {
        assertThat(LoadOptions.parse("--output", "r.csv", "--format", "json").format())
                .isEqualTo(LoadOptions.Format.JSON);
        assertThat(LoadOptions.parse("--output", "r.txt", "--format", "CSV").format())
                .isEqualTo(LoadOptions.Format.CSV);
    }

    @Test
    void countAndDurationTogetherStopAtWhicheverComesFirst() {
        var options = LoadOptions.parse("--count", "100", "--duration", "10");

        assertThat(options.sendingDone(99, Duration.ofSeconds(9))).isFalse();
        assertThat(options.sendingDone(100, Duration.ofSeconds(1))).isTrue();
        assertThat(options.sendingDone(5, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void durationOnlyRunsAreNotLimitedByCount() {
        var options = LoadOptions.parse("--duration", "30s");

        assertThat(options.count()).isZero();
        assertThat(options.sendingDone(1_000_000, Duration.ofSeconds(29))).isFalse();
        assertThat(options.sendingDone(0, Duration.ofSeconds(30))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate|-1|--rate must be 0",
            "--hot-share|1.5|--hot-share must be between 0 and 1",
            "--duplicates|1|--duplicates must be below 1",
            "--duplicates|-0.1|--duplicates must be between 0 and 1",
            "--users|0|--users must be positive",
            "--rounds|x|--rounds must be a whole number",
            "--rate|fast|--rate must be a number",
            "--duration|soon|--duration must look like",
            "--format|xml|--format must be json or csv",
            "--currency|euro|--currency must be an ISO 4217 code",
            "--run-id|a b|--run-id must be",
            "--bootstrap|10.1.2.3:9092|--bootstrap must be on this machine",
            "--frobnicate|1|unknown option --frobnicate"})
    void badValuesAreRefusedWithTheReason(String option, String value, String message) {
        assertThatThrownBy(() -> LoadOptions.parse(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void optionWithoutValueIsRefused() {
        assertThatThrownBy(() -> LoadOptions.parse("--rate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rate needs a value");
    }

    @Test
    void durationsTakeUnits() {
        assertThat(LoadOptions.duration("--duration", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(LoadOptions.duration("--duration", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(LoadOptions.duration("--duration", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(LoadOptions.duration("--duration", "3m")).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theWarmUpIsARunOfItsOwnAtTheWarmUpRateWithItsOwnBizIds() {
        var options = LoadOptions.parse("--rate", "1000", "--duration", "20s", "--warmup", "15s", "--run-id", "r1");
        var warm = options.warmUpPhase();

        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(15));
        assertThat(warm.rate()).as("the run's own rate by default").isEqualTo(1000);
        assertThat(warm.duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(warm.count()).isZero();
        assertThat(warm.runId()).isEqualTo("r1-w");
        assertThat(warm.warmup()).isZero();
        assertThat(LoadOptions.parse("--rate", "0", "--warmup", "5s").warmUpPhase().rate())
                .as("as fast as possible warms up at 400/s").isEqualTo(400);
        assertThat(LoadOptions.parse("--rate", "0", "--warmup", "5s", "--warmup-rate", "250").warmUpPhase().rate())
                .isEqualTo(250);
        assertThat(LoadOptions.parse().warmup()).isZero();
    }

    @Test
    void theProcessesWhoseCpuIsAccountedForAreReadAndWrittenIntoTheResultsButNotIntoTheWarmUp() {
        var options = LoadOptions.parse("--cpu", "order=4242,postgres=812+", "--warmup", "5s");

        assertThat(options.cpu()).extracting(p -> p.name() + "=" + p.pid() + ":" + p.withChildren())
                .containsExactly("order=4242:false", "postgres=812:true");
        assertThat(options.describe()).containsEntry("cpu", java.util.List.of("order=4242", "postgres=812+"));
        assertThat(options.warmUpPhase().cpu()).isEmpty();
        assertThat(LoadOptions.parse().cpu()).isEmpty();
        assertThatThrownBy(() -> LoadOptions.parse("--cpu", "order")).hasMessageContaining("name=pid[+]");
    }
}
