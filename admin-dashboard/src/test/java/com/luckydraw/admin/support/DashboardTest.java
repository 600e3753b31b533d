package com.luckydraw.admin.support;

import com.luckydraw.testing.RealInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the dashboard's integration tests: the real dashboard on a random port, watching the three fake services
 * (real HTTP) and the real PostgreSQL test databases. All subclasses share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RealInfrastructure.class)
@Import(DashboardTest.TestClock.class)
public abstract class DashboardTest {

    protected static final String USER = "admin";
    protected static final String PASSWORD = "test-password";

    protected static final FakeServices fakes = FakeServices.shared();
    /** The dashboard's clock: trends are sampled when a test moves it. */
    protected static final SteppingClock clock = new SteppingClock();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        SteppingClock steppingClock() {
            return clock;
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void fakeServices(DynamicPropertyRegistry registry) {
        for (int i = 0; i < fakes.all().size(); i++) {
            FakeService service = fakes.all().get(i);
            registry.add("luckydraw.admin.services[" + i + "].name", service::name);
            registry.add("luckydraw.admin.services[" + i + "].url", service::url);
        }
    }

    protected String dashboard(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
