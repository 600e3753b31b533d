package com.luckydraw.web.security;

import com.luckydraw.web.ProblemResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** 401 and 403 as problems a machine caller can read, saying what is missing, instead of an HTML error page. */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "luckydraw";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure) throws IOException {
        String detail = failure instanceof BadCredentialsException
                ? "the user or password is wrong"
                : "this endpoint needs a login: a registered terminal's (HTTP Basic with its posId and API secret)"
                        + " where terminals are served, else the operators' (SERVICE_ADMIN_USER / "
                        + "SERVICE_ADMIN_PASSWORD)";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        new ProblemResponse(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail)
                .send(request, response);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        new ProblemResponse(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "this endpoint is not open to this login").send(request, response);
    }
}
