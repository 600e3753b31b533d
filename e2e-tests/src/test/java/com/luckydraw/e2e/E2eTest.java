package com.luckydraw.e2e;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An end-to-end test class: the services run as processes ({@link E2eSystem}), and each test ends with the audit. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(E2eExtension.class)
@interface E2eTest {
}
