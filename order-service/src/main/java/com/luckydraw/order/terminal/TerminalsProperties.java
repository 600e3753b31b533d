package com.luckydraw.order.terminal;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Base64;

/**
 * The terminal registry, under {@code luckydraw.terminals}.
 *
 * @param masterKey base64 of 32 random bytes (env {@code TERMINALS_MASTER_KEY}): the AES-256 key the terminals'
 *                  signing keys are sealed under. There is no default: a service that could not read its terminals'
 *                  keys, or that read them under a key everybody knows, must not start.
 */
@ConfigurationProperties("luckydraw.terminals")
public record TerminalsProperties(String masterKey) {

    public TerminalsProperties {
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalArgumentException("luckydraw.terminals.master-key (TERMINALS_MASTER_KEY) must be set: "
                    + "base64 of 32 random bytes, e.g. from 'openssl rand -base64 32'; keep it, the terminals' "
                    + "signing keys are sealed under it");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(masterKey.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("luckydraw.terminals.master-key (TERMINALS_MASTER_KEY) is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("luckydraw.terminals.master-key (TERMINALS_MASTER_KEY) must be 32 "
                    + "bytes, was " + key.length);
        }
    }

    byte[] masterKeyBytes() {
        return Base64.getDecoder().decode(masterKey.trim());
    }

    @Override
    public String toString() {
        return "TerminalsProperties[masterKey=(hidden)]";
    }
}
