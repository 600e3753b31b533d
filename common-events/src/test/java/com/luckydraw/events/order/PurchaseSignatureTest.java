package com.luckydraw.events.order;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signing rule of purchase requests, byte for byte: docs/security.md quotes this vector. */
class PurchaseSignatureTest {

    /** 0x00, 0x01, ..., 0x1f: base64 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= */
    private static final byte[] KEY = new byte[32];
    private static final String RECORD_KEY = "pos-1:biz-1";
    private static final byte[] VALUE = "{\"type\":\"PurchaseRequested\",\"bizId\":\"biz-1\",\"posId\":\"pos-1\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED_HEADER =
            "kv=1;mac=e0f6c98541b144aac6e200fbc49f27cf9a68d63223ef124792bd1e7d608f1fc6";

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    @Test
    void theCanonicalInputIsPrefixKeyVersionKeyLengthKeyAndTheValueAsSent() {
        assertThat(new String(PurchaseSignature.canonicalInput(1, RECORD_KEY, VALUE), StandardCharsets.UTF_8))
                .isEqualTo("LUCKYDRAW-PURCHASE-HMAC-SHA256-V1\n1\n11\npos-1:biz-1\n"
                        + "{\"type\":\"PurchaseRequested\",\"bizId\":\"biz-1\",\"posId\":\"pos-1\"}");
    }

    @Test
    void theTestVectorSignsToItsKnownHeader() {
        assertThat(PurchaseSignature.sign(KEY, 1, RECORD_KEY, VALUE).header()).isEqualTo(EXPECTED_HEADER);
    }

    @Test
    void theTestVectorsHeaderVerifiesAndAnyChangeBreaksIt() {
        var signature = PurchaseSignature.parse(EXPECTED_HEADER.getBytes(StandardCharsets.US_ASCII));

        assertThat(signature.keyVersion()).isEqualTo(1);
        assertThat(signature.matches(KEY, RECORD_KEY, VALUE)).isTrue();
        assertThat(signature.matches(KEY, "pos-1:biz-2", VALUE)).isFalse();
        byte[] changed = VALUE.clone();
        changed[changed.length - 3]++;
        assertThat(signature.matches(KEY, RECORD_KEY, changed)).isFalse();
        byte[] otherKey = KEY.clone();
        otherKey[0] = 1;
        assertThat(signature.matches(otherKey, RECORD_KEY, VALUE)).isFalse();
        assertThat(PurchaseSignature.sign(KEY, 2, RECORD_KEY, VALUE).header()).isNotEqualTo(EXPECTED_HEADER);
    }

    @Test
    void theSplitBetweenRecordKeyAndValueIsPartOfWhatIsSigned() {
        var signature = PurchaseSignature.sign(KEY, 1, "a\nb", "c".getBytes(StandardCharsets.UTF_8));

        assertThat(signature.matches(KEY, "a", "b\nc".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> PurchaseSignature.parse(null)).hasMessage(
                "signature missing: no header luckydraw-signature");
        for (String bad : new String[] {"", "kv=0;mac=" + "a".repeat(64), "kv=1;mac=" + "A".repeat(64),
                "kv=1;mac=abc", "mac=" + "a".repeat(64) + ";kv=1", "kv=1;mac=" + "a".repeat(64) + " "}) {
            assertThatThrownBy(() -> PurchaseSignature.parse(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad).hasMessageStartingWith("signature malformed");
        }
    }
}
