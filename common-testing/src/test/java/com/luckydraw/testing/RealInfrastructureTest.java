package com.luckydraw.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealInfrastructureTest {

    @Test
    void missingServiceFailsNamingWhatToStart() {
        // Port 1 on loopback: nothing listens there.
        var kafka = Endpoint.kafka("127.0.0.1:1");
        String message = RealInfrastructure.missingMessage(List.of(kafka));
        assertThat(message).contains("Kafka at 127.0.0.1:1", "infra/bin/kafka start", "infra/bin/test");
        if (!Containers.dockerAvailable()) {
            assertThatThrownBy(() -> RealInfrastructure.requireLocal(null, "127.0.0.1:1"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("infra/bin/kafka start");
        }
    }

    @Test
    void endpointsAreReadFromTheConfiguredAddresses() {
        assertThat(Endpoint.postgres("jdbc:postgresql://db.local:6543/wallet?ssl=false"))
                .extracting(Endpoint::host, Endpoint::port).containsExactly("db.local", 6543);
        assertThat(Endpoint.kafka("127.0.0.1:9092,127.0.0.1:9093"))
                .extracting(Endpoint::host, Endpoint::port).containsExactly("127.0.0.1", 9092);
    }
}
