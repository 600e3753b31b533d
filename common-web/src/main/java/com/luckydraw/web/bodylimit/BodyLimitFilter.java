package com.luckydraw.web.bodylimit;

import com.luckydraw.web.ProblemResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request body larger than the limit with a 413 problem before anything parses it: every request of the
 * services holds a few short fields, so a bigger body is a broken or hostile client, and the JSON parser would
 * otherwise read any size into memory (unknown fields are tolerated). A declared Content-Length is checked at once
 * (the container never reads past it); a body without one (chunked) is read up to the limit and refused the same way
 * once it passes it.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;

    BodyLimitFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, "the body of " + declared + " bytes is larger than the limit of " + maxBytes
                    + " bytes");
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(request, response, "the body is larger than the limit of " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        new ProblemResponse(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", detail)
                .send(request, response);
    }

    /** The request with its body already read (at most the limit), for the controller to parse. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
