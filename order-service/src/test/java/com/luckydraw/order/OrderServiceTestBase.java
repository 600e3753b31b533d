package com.luckydraw.order;

import com.luckydraw.testing.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

/**
 * Every Spring test of the module extends this: one configuration, so one context (with a real HTTP port, real
 * PostgreSQL and Kafka) is started once and shared by all test classes.
 */
@IntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class OrderServiceTestBase {

    @Autowired
    protected JdbcTemplate jdbc;

    @LocalServerPort
    protected int port;

    /** A bizId no other test (nor an earlier run) used. */
    protected static String uniqueBizId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
