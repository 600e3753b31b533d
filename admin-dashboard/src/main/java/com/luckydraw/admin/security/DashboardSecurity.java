package com.luckydraw.admin.security;

import de.codecentric.boot.admin.server.config.AdminServerProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Who may see what on the dashboard:
 * <ul>
 *   <li>public: the dashboard's own health and probes ({@code /actuator/health/**}, {@code /actuator/info}), the
 *       login page and static assets (the chart library's WebJar included: code, no data);</li>
 *   <li>admin (role ADMIN, form login in the browser or HTTP basic for scripts): everything else, i.e. every
 *       luckydraw page, the retry action, Spring Boot Admin and its proxy to the services' actuators, and the
 *       dashboard's own metrics.</li>
 * </ul>
 * The CSRF token travels in a cookie readable by script because Spring Boot Admin's single-page UI sends it back
 * as a header; the server-rendered forms carry it as a hidden field.
 */
@Configuration
class DashboardSecurity {

    static final String ADMIN = "ADMIN";

    @Bean
    SecurityFilterChain dashboardFilterChain(HttpSecurity http, AdminServerProperties adminServer) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/login", "/error", "/favicon.ico", "/luckydraw/assets/**",
                                "/webjars/**",
                                adminServer.path("/assets/**")).permitAll()
                        // Spring Boot Admin streams events asynchronously; the request was authorised already.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .anyRequest().hasRole(ADMIN))
                .formLogin(form -> form.defaultSuccessUrl("/luckydraw"))
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService dashboardUsers(DashboardLogin login, PasswordEncoder encoder) {
        // Only a hash is kept in memory; the clear text stays in the environment it came from.
        return new InMemoryUserDetailsManager(User.withUsername(login.user())
                .password(encoder.encode(login.password())).roles(ADMIN).build());
    }
}
