package com.luckydraw.order.terminal;

/**
 * What a terminal is given when registered or rotated, once: never stored in clear, never shown again.
 *
 * @param apiSecret  its HTTP password (HTTP Basic posId:apiSecret)
 * @param signingKey its 32-byte HMAC-SHA256 key for {@code PurchaseRequested} records
 * @param keyVersion the version to name in each signature
 */
public record IssuedCredentials(Terminal terminal, ApiSecret apiSecret, byte[] signingKey, int keyVersion) {

    @Override
    public String toString() {
        return "IssuedCredentials[posId=" + terminal.posId() + ", keyVersion=" + keyVersion + ", secrets=(hidden)]";
    }
}
