package com.luckydraw.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ContainersTest {

    @Test
    void theContainerBrokerIsTheVersionTheProjectRuns() throws Exception {
        // Filtered from the root pom's kafka-broker.version, the broker infra/bin/kafka runs; the compose file's too.
        assertThat(Containers.kafkaImage()).matches("apache/kafka:\\d+\\.\\d+\\.\\d+");
        assertThat(Files.readString(Path.of("..", "deploy", "compose.yaml")))
                .contains("image: " + Containers.kafkaImage());
    }
}
