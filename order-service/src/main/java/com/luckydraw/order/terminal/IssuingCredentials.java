package com.luckydraw.order.terminal;

import com.luckydraw.events.Topics;
import com.luckydraw.events.terminal.TerminalRegistered;
import com.luckydraw.messaging.outbox.Outbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Registers a terminal, and rotates its credentials: a fresh API secret and signing key each time, handed out once
 * (the registry keeps the secret's hash and the key sealed). After a rotation the old secret no longer logs in and
 * records signed with the old key are dead-lettered. Each issue is announced as a {@link TerminalRegistered} (the
 * secret's hash, never the secret or the key) through the outbox, in the same transaction, for the services that
 * let terminals log in.
 */
@Component
public class IssuingCredentials {

    private final Terminals terminals;
    private final SigningKeyEncryption encryption;
    private final Clock clock;
    private final Outbox outbox;
    private final SecureRandom random = new SecureRandom();

    public IssuingCredentials(Terminals terminals, SigningKeyEncryption encryption, Clock clock, Outbox outbox) {
        this.terminals = terminals;
        this.encryption = encryption;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Transactional
    public IssuedCredentials register(PosId posId) {
        ApiSecret secret = ApiSecret.generate(random);
        byte[] key = newSigningKey();
        Terminal terminal = Terminal.register(posId, secret.hash(), encryption.seal(posId, 1, key), clock.instant());
        terminals.insert(terminal);
        announce(terminal);
        return new IssuedCredentials(terminals.find(posId).orElseThrow(), secret, key, terminal.keyVersion());
    }

    @Transactional
    public IssuedCredentials rotate(PosId posId) {
        Terminal current = terminals.find(posId).orElseThrow(() -> new TerminalNotFoundException(posId));
        ApiSecret secret = ApiSecret.generate(random);
        byte[] key = newSigningKey();
        int next = current.keyVersion() + 1;
        Terminal rotated = terminals.update(current.rotate(secret.hash(), encryption.seal(posId, next, key),
                clock.instant()));
        announce(rotated);
        return new IssuedCredentials(rotated, secret, key, rotated.keyVersion());
    }

    private void announce(Terminal terminal) {
        outbox.append(Topics.TERMINAL_EVENTS, terminal.posId().value(), TerminalRegistered.of(
                terminal.posId().value(), HexFormat.of().formatHex(terminal.apiSecretHash()), terminal.keyVersion(),
                terminal.updatedAt()));
    }

    private byte[] newSigningKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }
}
