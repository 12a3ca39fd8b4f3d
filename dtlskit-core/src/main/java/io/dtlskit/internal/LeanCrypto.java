package io.dtlskit.internal;

import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.security.SecureRandom;

/**
 * Bouncy Castle's crypto with a table-free GHASH for AES-GCM. The default multiplier precomputes
 * 4 KiB of tables per key (about 9 KiB of heap), and every association holds two (read and write
 * epochs): 18 KiB each, more than everything else an idle association holds. The table-free
 * multiplier costs some time per 16-byte block instead, which is small next to a datagram's other
 * costs at the sizes DTLS carries.
 */
public final class LeanCrypto extends BcTlsCrypto {
    public LeanCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createAEADBlockCipher_AES_GCM() {
        return GCMBlockCipher.newInstance(createAESEngine(), new BasicGCMMultiplier());
    }
}
