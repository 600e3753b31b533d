package com.luckydraw.order.intake;

import com.luckydraw.events.order.PurchaseRequested;
import com.luckydraw.events.order.PurchaseSignature;
import com.luckydraw.messaging.inbox.Admission;
import com.luckydraw.order.terminal.PosId;
import com.luckydraw.order.terminal.SigningKeyEncryption;
import com.luckydraw.order.terminal.Terminal;
import com.luckydraw.order.terminal.Terminals;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Only a registered, active terminal buys, and only as itself: each PurchaseRequested must carry a
 * {@link PurchaseSignature} made with the current signing key of the terminal its {@code posId} names. Anything else
 * (no signature, a malformed or wrong one, an old key, an unknown or revoked terminal) is refused with that reason,
 * and dead-lettered before it can change anything. The batch's terminals are read in one query.
 */
@Component
class VerifyingSignatures implements Admission<PurchaseRequested> {

    private final Terminals terminals;
    private final SigningKeyEncryption encryption;

    VerifyingSignatures(Terminals terminals, SigningKeyEncryption encryption) {
        this.terminals = terminals;
        this.encryption = encryption;
    }

    @Override
    public List<String> refusals(List<ConsumerRecord<String, byte[]>> records, List<PurchaseRequested> messages) {
        Map<PosId, Terminal> known = terminals.findAll(messages.stream().map(m -> new PosId(m.posId())).toList());
        Map<PosId, byte[]> keys = new HashMap<>();
        List<String> refusals = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            PosId posId = new PosId(messages.get(i).posId());
            Terminal terminal = known.get(posId);
            refusals.add(refusal(record, posId, terminal, keys));
        }
        return refusals;
    }

    private String refusal(ConsumerRecord<String, byte[]> record, PosId posId, Terminal terminal,
            Map<PosId, byte[]> keys) {
        PurchaseSignature signature;
        try {
            signature = PurchaseSignature.parse(onlyHeader(record));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (terminal == null) {
            return "unknown terminal: posId " + posId + " is not registered";
        }
        if (!terminal.isActive()) {
            return "terminal revoked: posId " + posId + " is " + terminal.status();
        }
        if (signature.keyVersion() != terminal.keyVersion()) {
            return "signature wrong: made with key version " + signature.keyVersion() + ", terminal " + posId
                    + " is at key version " + terminal.keyVersion();
        }
        byte[] key = keys.computeIfAbsent(posId, id -> encryption.open(terminal));
        if (!signature.matches(key, record.key(), record.value())) {
            return "signature wrong: the MAC does not match the record under terminal " + posId + "'s key version "
                    + terminal.keyVersion();
        }
        return null;
    }

    private static byte[] onlyHeader(ConsumerRecord<String, byte[]> record) {
        Header found = null;
        for (Header header : record.headers().headers(PurchaseSignature.HEADER)) {
            if (found != null) {
                throw new IllegalArgumentException("signature malformed: more than one header "
                        + PurchaseSignature.HEADER);
            }
            found = header;
        }
        return found == null ? null : found.value();
    }
}
