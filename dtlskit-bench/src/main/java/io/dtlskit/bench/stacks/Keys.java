package io.dtlskit.bench.stacks;

import io.dtlskit.PskKey;

/** The one PSK every stack uses: Qt's example key {@code 1a2b3c4d5e6f} under one identity. */
final class Keys {
    static final String IDENTITY = "bench";
    static final byte[] KEY = {0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f};
    static final PskKey PSK = PskKey.of(KEY.clone());

    private Keys() {
    }
}
