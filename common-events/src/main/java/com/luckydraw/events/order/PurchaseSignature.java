package com.luckydraw.events.order;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal's signature of one {@link PurchaseRequested} record, carried in header {@value #HEADER} as
 * {@code kv=<key version>;mac=<64 lower-case hex digits>}: HMAC-SHA256 under the terminal's 32-byte signing key
 * over the canonical input
 * <pre>
 * "LUCKYDRAW-PURCHASE-HMAC-SHA256-V1" LF
 * key version, decimal                LF
 * byte length of the record key, decimal LF
 * record key (UTF-8)                  LF
 * the record's value, its exact bytes
 * </pre>
 * The prefix keeps a MAC of this kind from ever being valid for anything else signed with the key; the key's length
 * makes the split between key and value unambiguous; the value is signed as sent, so no JSON is re-encoded.
 * docs/security.md has a worked example (the test vector of {@code PurchaseSignatureTest}).
 */
public record PurchaseSignature(int keyVersion, byte[] mac) {

    public static final String HEADER = "luckydraw-signature";
    public static final String DOMAIN = "LUCKYDRAW-PURCHASE-HMAC-SHA256-V1";
    public static final int KEY_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("kv=([1-9][0-9]{0,8});mac=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    public PurchaseSignature {
        if (keyVersion < 1) {
            throw new IllegalArgumentException("key version must be at least 1, was " + keyVersion);
        }
        if (mac == null || mac.length != MAC_BYTES) {
            throw new IllegalArgumentException("a MAC is " + MAC_BYTES + " bytes");
        }
        mac = mac.clone();
    }

    /** Signs a record as a terminal does before publishing it. */
    public static PurchaseSignature sign(byte[] signingKey, int keyVersion, String recordKey, byte[] value) {
        return new PurchaseSignature(keyVersion, mac(signingKey, keyVersion, recordKey, value));
    }

    /** Reads the header's value; a missing or malformed one is refused with what is wrong. */
    public static PurchaseSignature parse(byte[] header) {
        if (header == null) {
            throw new IllegalArgumentException("signature missing: no header " + HEADER);
        }
        String text = new String(header, StandardCharsets.US_ASCII);
        Matcher m = FORMAT.matcher(text);
        if (header.length > 100 || !m.matches()) {
            throw new IllegalArgumentException("signature malformed: header " + HEADER
                    + " must be kv=<key version>;mac=<64 lower-case hex digits>");
        }
        return new PurchaseSignature(Integer.parseInt(m.group(1)), HEX.parseHex(m.group(2)));
    }

    /** Whether this is the signature of the record under {@code signingKey}; compared in constant time. */
    public boolean matches(byte[] signingKey, String recordKey, byte[] value) {
        return MessageDigest.isEqual(mac, mac(signingKey, keyVersion, recordKey, value));
    }

    /** The header's value. */
    public String header() {
        return "kv=" + keyVersion + ";mac=" + HEX.formatHex(mac);
    }

    public byte[] headerBytes() {
        return header().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** The canonical input (class comment), exposed so the rule can be shown and tested byte for byte. */
    public static byte[] canonicalInput(int keyVersion, String recordKey, byte[] value) {
        byte[] key = (recordKey == null ? "" : recordKey).getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream(DOMAIN.length() + key.length + value.length + 24);
        out.writeBytes((DOMAIN + "\n" + keyVersion + "\n" + key.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(key);
        out.write('\n');
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] mac(byte[] signingKey, int keyVersion, String recordKey, byte[] value) {
        if (signingKey == null || signingKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a signing key is " + KEY_BYTES + " bytes");
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return hmac.doFinal(canonicalInput(keyVersion, recordKey, value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return header();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PurchaseSignature other && other.keyVersion == keyVersion
                && MessageDigest.isEqual(other.mac, mac);
    }

    @Override
    public int hashCode() {
        return keyVersion * 31 + java.util.Arrays.hashCode(mac);
    }
}
