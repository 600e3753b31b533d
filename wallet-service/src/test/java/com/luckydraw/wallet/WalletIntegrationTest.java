package com.luckydraw.wallet;

import com.luckydraw.testing.IntegrationTest;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@link IntegrationTest} (real PostgreSQL, Kafka, Redis) on a random port. Every test class of the module uses it, so
 * they all share one cached context: one start-up, and one consumer in the wallet-commands group.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@IntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public @interface WalletIntegrationTest {
}
