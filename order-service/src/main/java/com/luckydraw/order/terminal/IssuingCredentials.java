package com.luckydraw.order.terminal;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Registers a terminal, and rotates its credentials: a fresh API secret and signing key each time, handed out once
 * (the registry keeps the secret's hash and the key sealed). After a rotation the old secret no longer logs in and
 * records signed with the old key are dead-lettered.
 */
@Component
public class IssuingCredentials {

    private final Terminals terminals;
    private final SigningKeyEncryption encryption;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IssuingCredentials(Terminals terminals, SigningKeyEncryption encryption, Clock clock) {
        this.terminals = terminals;
        this.encryption = encryption;
        this.clock = clock;
    }

    public IssuedCredentials register(PosId posId) {
        ApiSecret secret = ApiSecret.generate(random);
        byte[] key = newSigningKey();
        Terminal terminal = Terminal.register(posId, secret.hash(), encryption.seal(posId, 1, key), clock.instant());
        terminals.insert(terminal);
        return new IssuedCredentials(terminals.find(posId).orElseThrow(), secret, key, terminal.keyVersion());
    }

    public IssuedCredentials rotate(PosId posId) {
        Terminal current = terminals.find(posId).orElseThrow(() -> new TerminalNotFoundException(posId));
        ApiSecret secret = ApiSecret.generate(random);
        byte[] key = newSigningKey();
        int next = current.keyVersion() + 1;
        Terminal rotated = terminals.update(current.rotate(secret.hash(), encryption.seal(posId, next, key),
                clock.instant()));
        return new IssuedCredentials(rotated, secret, key, rotated.keyVersion());
    }

    private byte[] newSigningKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }
}
