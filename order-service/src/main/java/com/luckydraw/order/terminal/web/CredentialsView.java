package com.luckydraw.order.terminal.web;

import com.luckydraw.order.terminal.IssuedCredentials;

import java.util.Base64;

/**
 * The answer to a registration or a rotation, the only time the secrets are shown: {@code apiSecret} for HTTP Basic
 * (posId:apiSecret), {@code signingKey} (base64 of 32 bytes) and {@code keyVersion} for the signature of each
 * PurchaseRequested (docs/security.md).
 */
public record CredentialsView(String posId, String status, int keyVersion, String apiSecret, String signingKey) {

    static CredentialsView of(IssuedCredentials issued) {
        return new CredentialsView(issued.terminal().posId().value(), issued.terminal().status().name(),
                issued.keyVersion(), issued.apiSecret().value(),
                Base64.getEncoder().encodeToString(issued.signingKey()));
    }

    @Override
    public String toString() {
        return "CredentialsView[posId=" + posId + ", keyVersion=" + keyVersion + ", secrets=(hidden)]";
    }
}
