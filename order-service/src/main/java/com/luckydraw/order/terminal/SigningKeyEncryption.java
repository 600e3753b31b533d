package com.luckydraw.order.terminal;

import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals a terminal's signing key for the database: AES-256-GCM under the master key, a fresh 12-byte nonce each
 * time, stored as nonce || ciphertext || tag. The posId and key version are the associated data, so a sealed key
 * copied to another terminal's row, or back over a rotated one, does not open.
 */
@Component
public class SigningKeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public SigningKeyEncryption(TerminalsProperties properties) {
        this.masterKey = new SecretKeySpec(properties.masterKeyBytes(), "AES");
    }

    public byte[] seal(PosId posId, int keyVersion, byte[] signingKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, posId, keyVersion);
            byte[] sealed = cipher.doFinal(signingKey);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The terminal's signing key; a key that does not open (another master key, a moved row) is an error. */
    public byte[] open(Terminal terminal) {
        byte[] sealed = terminal.sealedSigningKey();
        if (sealed.length <= NONCE_BYTES) {
            throw new IllegalStateException("the signing key of terminal " + terminal.posId() + " is damaged");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES), terminal.posId(),
                    terminal.keyVersion());
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the signing key of terminal " + terminal.posId() + " does not open under"
                    + " the configured master key (TERMINALS_MASTER_KEY changed?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, PosId posId, int keyVersion) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((posId.value() + "\n" + keyVersion).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
