package com.luckydraw.web.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What heads a service's OpenAPI description, under {@code luckydraw.web.api-docs}: its title and what the API is
 * for. Both are required where the service serves a description: a reader of the document must learn whose it is.
 */
@ConfigurationProperties("luckydraw.web.api-docs")
public record ApiDocs(String title, String description) {

    public ApiDocs {
        if (title == null || title.isBlank() || description == null || description.isBlank()) {
            throw new IllegalArgumentException("luckydraw.web.api-docs.title and .description must both be set: they"
                    + " head the service's OpenAPI description (/v3/api-docs)");
        }
    }
}
