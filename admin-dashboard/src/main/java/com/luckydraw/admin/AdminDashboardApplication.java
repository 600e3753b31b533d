package com.luckydraw.admin;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The admins' dashboard: Spring Boot Admin (under {@code /sba}) for what it does well (instances, health history,
 * JVM, loggers, environment) and luckydraw's own pages (under {@code /luckydraw}) for what it cannot know: the
 * saga, the hot rounds, database lock waits and the project's own meters, and their trends over the last hour
 * (sampled on a schedule).
 */
@SpringBootApplication
@EnableAdminServer
@ConfigurationPropertiesScan
@EnableScheduling
public class AdminDashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdminDashboardApplication.class, args);
    }
}
