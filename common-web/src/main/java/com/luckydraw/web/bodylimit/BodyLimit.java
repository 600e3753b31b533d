package com.luckydraw.web.bodylimit;

import com.luckydraw.events.MessageCodec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body a service accepts, under {@code luckydraw.web.body-limit.max}; by default the largest
 * message the system carries ({@link MessageCodec#MAX_BYTES}, 64 KiB): no request of any service holds more than a
 * message's worth of fields.
 */
@ConfigurationProperties("luckydraw.web.body-limit")
public record BodyLimit(DataSize max) {

    public BodyLimit {
        max = max == null ? DataSize.ofBytes(MessageCodec.MAX_BYTES) : max;
        if (max.toBytes() < 1 || max.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("luckydraw.web.body-limit.max must be between 1 byte and 2 GiB, not "
                    + max);
        }
    }

    int bytes() {
        return (int) max.toBytes();
    }
}
