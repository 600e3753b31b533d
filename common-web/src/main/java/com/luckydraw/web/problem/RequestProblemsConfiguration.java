package com.luckydraw.web.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Registers {@link RequestProblems} ahead of Spring MVC's auto-configuration, which then leaves out Boot's own
 * problem-details handler (it is only made when no {@code ResponseEntityExceptionHandler} exists).
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(RequestProblems.class)
public class RequestProblemsConfiguration {
}
