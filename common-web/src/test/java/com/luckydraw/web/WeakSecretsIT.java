package com.luckydraw.web;

import com.luckydraw.web.secrets.WeakSecretException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service's start with a missing or well-known admin password: refused outside the developer profile, with a
 * message that names what to set. The password comes, as in the services' application.yml, from a variable with a
 * fallback; the variable is one no environment sets.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeakSecretsIT {

    private static final String FROM_UNSET_VARIABLE = "--luckydraw.web.admin.password=${LUCKYDRAW_TEST_UNSET_PASSWORD:%s}";

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(WebTestApplication.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void aServiceWithoutAnAdminPasswordRefusesToStartAndSaysWhatToSet(CapturedOutput output) {
        assertThatThrownBy(() -> start(FROM_UNSET_VARIABLE.formatted("")))
                .isInstanceOf(WeakSecretException.class)
                .hasMessageContaining("luckydraw.web.admin.password is not set (set LUCKYDRAW_TEST_UNSET_PASSWORD)")
                .hasMessageContaining("SPRING_PROFILES_ACTIVE=dev");
        assertThat(output).contains("APPLICATION FAILED TO START",
                "Set LUCKYDRAW_TEST_UNSET_PASSWORD to a password of your own");
    }

    @Test
    void aServiceFallingBackToTheDevelopersAdminPasswordRefusesToStart() {
        assertThatThrownBy(() -> start(FROM_UNSET_VARIABLE.formatted("admin")))
                .isInstanceOf(WeakSecretException.class)
                .hasMessageContaining("luckydraw.web.admin.password is not set (LUCKYDRAW_TEST_UNSET_PASSWORD is unset, "
                        + "and the fallback is for the developer profile only) (set LUCKYDRAW_TEST_UNSET_PASSWORD)");
    }

    @Test
    void aServiceGivenAWellKnownAdminPasswordRefusesToStart() {
        assertThatThrownBy(() -> start("--luckydraw.web.admin.password=${LUCKYDRAW_TEST_WEAK_PASSWORD:x}",
                "--LUCKYDRAW_TEST_WEAK_PASSWORD=Password"))
                .isInstanceOf(WeakSecretException.class)
                .hasMessageContaining("luckydraw.web.admin.password is a well-known password "
                        + "(set LUCKYDRAW_TEST_WEAK_PASSWORD)");
    }

    @Test
    void aPasswordEqualToItsUserOrARoleNameIsRefused() {
        assertThatThrownBy(() -> start("--luckydraw.web.admin.user=kiosk-7", "--luckydraw.web.admin.password=Kiosk-7"))
                .isInstanceOf(WeakSecretException.class)
                .hasMessageContaining("luckydraw.web.admin.password is the same as its user name "
                        + "(set LUCKYDRAW_WEB_ADMIN_PASSWORD)");
        assertThatThrownBy(() -> start("--spring.datasource.username=orders", "--spring.datasource.password=orders"))
                .isInstanceOf(WeakSecretException.class)
                .hasMessageContaining("spring.datasource.password is a well-known password");
    }

    @Test
    void theDeveloperProfileLetsTheWellKnownPasswordThrough() {
        try (var context = start("--spring.profiles.active=dev", FROM_UNSET_VARIABLE.formatted("admin"))) {
            assertThat(context.getEnvironment().getProperty("luckydraw.web.admin.password")).isEqualTo("admin");
        }
    }

    @Test
    void aPasswordOfItsOwnStarts() {
        try (var context = start(FROM_UNSET_VARIABLE.formatted("9f2c41d07be35a6e8c1d"))) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
