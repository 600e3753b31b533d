package com.luckydraw.web.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may call what on a service (docs/security.md):
 * <ul>
 *   <li>anybody: the service's public endpoints ({@link PublicEndpoints}), {@code /actuator/health/**} (status only,
 *       details need the login), {@code /actuator/info} and the error page;</li>
 *   <li>registered terminals (role TERMINAL, HTTP Basic with the posId and the terminal's API secret, checked by the
 *       service's {@link TerminalLogins}) and the operators: {@link TerminalEndpoints};</li>
 *   <li>the operators (role ADMIN, HTTP Basic with {@link AdminLogin}): {@code /admin/**}, every other actuator
 *       endpoint ({@code /actuator/prometheus}, {@code /actuator/metrics}, ...), and anything else.</li>
 * </ul>
 * The callers are machines (scripts, the dashboard, Prometheus): no session, no CSRF token (no cookie authenticates
 * anything), no form login; a refusal is a problem ({@link SecurityProblems}).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({AdminLogin.class, PublicEndpoints.class, TerminalEndpoints.class})
public class ServiceSecurity {

    static final String ADMIN = "ADMIN";
    /** The role of a registered terminal; its principal's name is its posId. */
    public static final String TERMINAL = "TERMINAL";

    @Bean
    SecurityFilterChain serviceFilterChain(HttpSecurity http, PublicEndpoints publicEndpoints,
            TerminalEndpoints terminalEndpoints, UserDetailsService serviceAdmins,
            PasswordEncoder servicePasswordEncoder, ObjectProvider<TerminalLogins> terminals)
            throws Exception {
        SecurityProblems problems = new SecurityProblems();
        // The operators' login first, then the service's terminals: a wrong password for one is tried against the next.
        DaoAuthenticationProvider admins = new DaoAuthenticationProvider(serviceAdmins);
        admins.setPasswordEncoder(servicePasswordEncoder);
        List<AuthenticationProvider> providers = new ArrayList<>(List.of(admins));
        terminals.ifAvailable(logins -> providers.add(new TerminalAuthentication(logins)));
        http.authenticationManager(new ProviderManager(providers));
        http.authorizeHttpRequests(auth -> {
                    for (PublicEndpoints.Endpoint endpoint : publicEndpoints.parsed()) {
                        auth.requestMatchers(endpoint.method(), endpoint.pattern()).permitAll();
                    }
                    for (PublicEndpoints.Endpoint endpoint : terminalEndpoints.parsed()) {
                        auth.requestMatchers(endpoint.method(), endpoint.pattern()).hasAnyRole(TERMINAL, ADMIN);
                    }
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
                            .permitAll()
                            .anyRequest().hasRole(ADMIN);
                })
                .httpBasic(basic -> basic.realmName(SecurityProblems.REALM).authenticationEntryPoint(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /**
     * BCrypt at its lowest cost: without a session every admin request is checked again (a bench setup sends thousands),
     * and at the default cost each check takes tens of milliseconds of a core. The hash only keeps the clear text
     * out of memory; a generated password's 96 random bits, not the cost, are what make guessing hopeless.
     */
    @Bean
    PasswordEncoder servicePasswordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    @Bean
    UserDetailsService serviceAdmins(AdminLogin login, PasswordEncoder servicePasswordEncoder) {
        return new InMemoryUserDetailsManager(User.withUsername(login.user())
                .password(servicePasswordEncoder.encode(login.password())).roles(ADMIN).build());
    }
}
