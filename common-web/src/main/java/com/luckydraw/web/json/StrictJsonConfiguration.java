package com.luckydraw.web.json;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import tools.jackson.core.StreamReadFeature;

/**
 * Request bodies of every service are read strictly: a field given twice ({@code {"shares":1,...,"shares":2}}) is
 * refused as malformed JSON (400) instead of taken as its last value, which another reader of the same document may
 * not agree with. The messages on Kafka are read the same way (common-events' MessageCodec).
 */
@AutoConfiguration
public class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer refuseDuplicateFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
