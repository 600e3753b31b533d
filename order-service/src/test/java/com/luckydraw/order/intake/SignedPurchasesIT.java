package com.luckydraw.order.intake;

import com.luckydraw.events.PaymentMethod;
import com.luckydraw.events.Topics;
import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.order.OrderServiceTestBase;
import com.luckydraw.order.TestKafka;
import com.luckydraw.order.TestTerminal;
import com.luckydraw.order.order.OrderStatus;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.RevokingTerminal;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kafka a terminal buys only as itself: a PurchaseRequested must carry the signature of the registered, active
 * terminal its posId names. Every other record is dead-lettered with the reason, and no order comes of it.
 */
class SignedPurchasesIT extends OrderServiceTestBase {

    @Autowired
    RevokingTerminal revoking;

    private PurchaseRequested requestFrom(String posId, String bizId) {
        return PurchaseRequested.of(bizId, posId, "u-signed", 7, 1, 100, "CNY", PaymentMethod.MONEY);
    }

    /** Publishes the record, then a valid purchase after it, and returns the record's dead-letter reason. */
    private String deadLetterReasonOf(ProducerRecord<String, byte[]> record) {
        var deadLetters = TestKafka.mark(Topics.PURCHASE_REQUESTS.deadLetter().name());
        TestKafka.publish(record);
        var read = TestKafka.readUntil(deadLetters, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> record.key().equals(r.key())));
        var deadLetter = read.stream().filter(r -> record.key().equals(r.key())).toList();
        assertThat(deadLetter).as("dead letter of " + record.key()).hasSize(1);
        assertThat(deadLetter.get(0).value()).isEqualTo(record.value());
        String bizId = record.key().substring(record.key().indexOf(':') + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM purchase_order WHERE biz_id = ?", Long.class, bizId))
                .as("no order for a refused request").isZero();
        return TestKafka.deadLetterReason(deadLetter.get(0));
    }

    private static ProducerRecord<String, byte[]> withSignature(PurchaseRequested request, byte[] signature) {
        return TestKafka.record(request.posId() + ":" + request.bizId(), TestKafka.CODEC.encode(request), signature);
    }

    @Test
    void aSignedPurchaseFromItsTerminalIsPlaced() {
        var request = requestFrom(terminal("pos-signed").posId(), uniqueBizId("signed"));

        TestKafka.publishRequest(request);

        awaitStatus(request.orderId(), OrderStatus.COMPLETED);
    }

    @Test
    void aPurchaseWithoutSignatureIsDeadLetteredWithThatReason() {
        var request = requestFrom(terminal("pos-signed").posId(), uniqueBizId("no-mac"));

        assertThat(deadLetterReasonOf(withSignature(request, null)))
                .isEqualTo("signature missing: no header luckydraw-signature");
    }

    @Test
    void aMalformedSignatureIsDeadLetteredWithThatReason() {
        var request = requestFrom(terminal("pos-signed").posId(), uniqueBizId("bad-mac"));

        assertThat(deadLetterReasonOf(withSignature(request, "kv=1;mac=zz".getBytes(StandardCharsets.US_ASCII))))
                .startsWith("signature malformed");
    }

    @Test
    void aWrongSignatureIsDeadLetteredWithThatReason() {
        TestTerminal signed = terminal("pos-signed");
        TestTerminal other = terminal("pos-signed-other");
        var request = requestFrom(signed.posId(), uniqueBizId("wrong-mac"));
        String key = request.posId() + ":" + request.bizId();
        byte[] value = TestKafka.CODEC.encode(request);

        // Signed by another terminal, under the same key version: the MAC does not match this terminal's key.
        assertThat(deadLetterReasonOf(TestKafka.record(key, value, other.sign(key, value).headerBytes())))
                .startsWith("signature wrong: the MAC does not match")
                .contains("pos-signed");
    }

    @Test
    void aSignedRecordWhoseValueWasChangedIsDeadLettered() {
        TestTerminal signed = terminal("pos-signed");
        var request = requestFrom(signed.posId(), uniqueBizId("tampered"));
        String key = request.posId() + ":" + request.bizId();
        byte[] signature = signed.sign(key, TestKafka.CODEC.encode(request)).headerBytes();
        var richer = PurchaseRequested.of(request.bizId(), request.posId(), "u-thief", 7, 1, 100, "CNY",
                PaymentMethod.MONEY);

        assertThat(deadLetterReasonOf(TestKafka.record(key, TestKafka.CODEC.encode(richer), signature)))
                .startsWith("signature wrong");
    }

    @Test
    void aPurchaseFromAnUnknownTerminalIsDeadLetteredWithThatReason() {
        TestTerminal signed = terminal("pos-signed");
        var request = requestFrom("pos-never-registered", uniqueBizId("unknown"));
        String key = request.posId() + ":" + request.bizId();
        byte[] value = TestKafka.CODEC.encode(request);

        assertThat(deadLetterReasonOf(TestKafka.record(key, value, signed.sign(key, value).headerBytes())))
                .isEqualTo("unknown terminal: posId pos-never-registered is not registered");
    }

    @Test
    void aPurchaseFromARevokedTerminalIsDeadLetteredWithThatReason() {
        TestTerminal gone = testTerminal(issuing.register(new PosId(uniqueBizId("pos-revoked"))));
        revoking.revoke(new PosId(gone.posId()));
        var request = requestFrom(gone.posId(), uniqueBizId("revoked"));
        String key = request.posId() + ":" + request.bizId();
        byte[] value = TestKafka.CODEC.encode(request);

        assertThat(deadLetterReasonOf(TestKafka.record(key, value, gone.sign(key, value).headerBytes())))
                .isEqualTo("terminal revoked: posId " + gone.posId() + " is REVOKED");
    }

    @Test
    void aPurchaseSignedWithARotatedKeyIsDeadLetteredAndTheNewKeyWorks() {
        TestTerminal before = testTerminal(issuing.register(new PosId(uniqueBizId("pos-rotated"))));
        TestTerminal after = testTerminal(issuing.rotate(new PosId(before.posId())));
        var old = requestFrom(before.posId(), uniqueBizId("old-key"));
        String key = old.posId() + ":" + old.bizId();
        byte[] value = TestKafka.CODEC.encode(old);

        assertThat(deadLetterReasonOf(TestKafka.record(key, value, before.sign(key, value).headerBytes())))
                .isEqualTo("signature wrong: made with key version 1, terminal " + before.posId()
                        + " is at key version 2");

        var fresh = requestFrom(after.posId(), uniqueBizId("new-key"));
        String freshKey = fresh.posId() + ":" + fresh.bizId();
        byte[] freshValue = TestKafka.CODEC.encode(fresh);
        TestKafka.publish(TestKafka.record(freshKey, freshValue, after.sign(freshKey, freshValue).headerBytes()));
        awaitStatus(fresh.orderId(), OrderStatus.COMPLETED);
    }
}
