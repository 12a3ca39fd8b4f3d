package io.dtlskit.app;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.PeerVerifier;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Certificate and raw-public-key options of the client and the server (RFC 5246 §7.4, RFC 7250). */
final class AuthOptions {
    private AuthOptions() {
    }

    /** Our own certificate or key: PEM pair, or a PKCS#12 file with its password from a file or the environment. */
    static class Own {
        @Option(names = "--cert", paramLabel = "FILE",
                description = "Our certificate chain (PEM, leaf first), or a PKCS#12 file holding certificate and key.")
        Path cert;

        @Option(names = "--key", paramLabel = "FILE", description = "Our private key (PEM), or a PKCS#12 file.")
        Path key;

        @Option(names = "--key-password-file", paramLabel = "FILE", description = "File holding the PKCS#12 password.")
        Path passwordFile;

        @Option(names = "--key-password-env", paramLabel = "VAR", description = "Environment variable holding the PKCS#12 password.")
        String passwordEnv;

        /** The certificate credential, or null when neither --cert nor a PKCS#12 --key is given. */
        Credentials.Certificate certificate() {
            Path p12 = isPkcs12(cert) ? cert : isPkcs12(key) ? key : null;
            try {
                if (p12 != null) {
                    char[] password = password();
                    try {
                        return Credentials.fromPkcs12(p12, password);
                    } finally {
                        java.util.Arrays.fill(password, '\0');
                    }
                }
                if (cert == null) {
                    return null;
                }
                if (key == null) {
                    throw new Main.UsageException("--cert " + cert + " needs --key FILE (its private key)");
                }
                return Credentials.fromPem(cert, key);
            } catch (NoSuchFileException e) {
                throw new Main.UsageException("file " + e.getFile() + " does not exist");
            } catch (IOException e) {
                throw new Main.UsageException("cannot read " + (p12 != null ? p12 : cert) + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }

        /** The raw public key from --key (PEM), or null without --key. */
        Credentials.RawPublicKey rawKey() {
            if (key == null) {
                return null;
            }
            try {
                return Credentials.rawPublicKey(key);
            } catch (NoSuchFileException e) {
                throw new Main.UsageException("key file " + key + " does not exist");
            } catch (IOException e) {
                throw new Main.UsageException("cannot read " + key + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }

        private char[] password() throws IOException {
            if (passwordFile != null) {
                byte[] raw = Files.readAllBytes(passwordFile);
                try {
                    return new String(raw, StandardCharsets.UTF_8).strip().toCharArray();
                } finally {
                    java.util.Arrays.fill(raw, (byte) 0);
                }
            }
            if (passwordEnv != null) {
                String v = System.getenv(passwordEnv);
                if (v == null) {
                    throw new Main.UsageException("environment variable " + passwordEnv + " is not set");
                }
                return v.toCharArray();
            }
            return new char[0];
        }

        /** PKCS#12 is DER (starts with a SEQUENCE tag); PEM starts with text. */
        static boolean isPkcs12(Path file) {
            if (file == null || !Files.isRegularFile(file)) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.read() == 0x30;
            } catch (IOException e) {
                return false;
            }
        }
    }

    static final class Client extends Own {
        @Option(names = "--ca", paramLabel = "FILE|system",
                description = "Verify the server's certificate chain against these CAs (PEM bundle); 'system' for the JDK trust store.")
        String ca;

        @Option(names = "--insecure", description = "Do not verify the server's certificate (said loudly at every handshake).")
        boolean insecure;

        @Option(names = "--server-pubkey", paramLabel = "SHA256:HEX|FILE",
                description = "Trust the server's raw public key (RFC 7250) with this fingerprint, or those in a"
                        + " trusted-keys file; repeatable.")
        List<String> serverKeys;

        @Option(names = "--server-name", paramLabel = "NAME",
                description = "Name the server's certificate must match, sent as SNI (default: the host given in --server).")
        String serverName;

        /** True when certificate suites are wanted. */
        boolean certificateMode() {
            return ca != null || insecure || (serverKeys != null && !serverKeys.isEmpty()) || cert != null || key != null;
        }

        PeerVerifier verifier() {
            if (insecure) {
                if (ca != null || serverKeys != null) {
                    throw new Main.UsageException("--insecure cannot be combined with --ca or --server-pubkey");
                }
                return PeerVerifier.insecure();
            }
            PeerVerifier v = null;
            try {
                if (ca != null) {
                    v = "system".equalsIgnoreCase(ca) ? PeerVerifier.systemTrust() : PeerVerifier.trusting(Path.of(ca));
                }
                if (serverKeys != null && !serverKeys.isEmpty()) {
                    List<String> pins = new ArrayList<>();
                    for (String k : serverKeys) {
                        if (k.regionMatches(true, 0, "SHA256:", 0, 7) || k.matches("[0-9a-fA-F:]{64,95}")) {
                            pins.add(k);
                        } else {
                            PeerVerifier fromFile = PeerVerifier.pinnedKeys(Path.of(k));
                            v = v == null ? fromFile : v.or(fromFile);
                        }
                    }
                    if (!pins.isEmpty()) {
                        PeerVerifier pinned = PeerVerifier.pinnedKeys(pins);
                        v = v == null ? pinned : v.or(pinned);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new Main.UsageException("file " + e.getFile() + " does not exist");
            } catch (IOException e) {
                throw new Main.UsageException(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
            return v != null ? v : PeerVerifier.systemTrust();
        }

        /** Our certificate, or our raw key when --key comes without --cert. */
        Credentials own() {
            Credentials.Certificate c = certificate();
            return c != null ? c : rawKey();
        }
    }

    static final class Server extends Own {
        // With a certificate or raw key, PSK suites are offered too only when a PSK option is given.
        @Option(names = "--self-signed",
                description = "Serve a new EC P-256 self-signed certificate for localhost and 127.0.0.1 (in memory; its fingerprint is printed).")
        boolean selfSigned;

        @Option(names = "--rpk",
                description = "Serve a raw public key (RFC 7250): the key of --key, or a new EC P-256 key (fingerprint printed).")
        boolean rpk;

        @Option(names = "--client-ca", paramLabel = "FILE", description = "Require client certificates issued by these CAs (PEM).")
        Path clientCa;

        @Option(names = "--trusted-keys", paramLabel = "FILE",
                description = "Require client raw public keys listed in FILE (SHA256:... lines or PEM public keys).")
        Path trustedKeys;

        @Option(names = "--client-auth", paramLabel = "want|need",
                description = "With --client-ca/--trusted-keys: 'need' (default) refuses clients without a certificate, 'want' lets them in.")
        String clientAuth;

        /** Our certificate or raw key, or null for PSK only. */
        Credentials own() {
            int chosen = (selfSigned ? 1 : 0) + (rpk ? 1 : 0) + (cert != null ? 1 : 0);
            if (chosen > 1) {
                throw new Main.UsageException("choose one of --cert, --self-signed and --rpk");
            }
            if (selfSigned) {
                return Credentials.selfSigned("localhost", "127.0.0.1");
            }
            if (rpk) {
                Credentials.RawPublicKey k = rawKey();
                if (k != null) {
                    return k;
                }
                try {
                    var gen = java.security.KeyPairGenerator.getInstance("EC");
                    gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                    return Credentials.rawPublicKey(gen.generateKeyPair());
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("cannot generate an EC P-256 key: " + e.getMessage(), e);
                }
            }
            Credentials.Certificate c = certificate();
            if (c == null && key != null) {
                throw new Main.UsageException("--key needs --cert FILE (or --rpk to serve the key as a raw public key)");
            }
            return c;
        }

        ClientAuth clientAuthMode() {
            if (clientAuth == null) {
                return clientCa != null || trustedKeys != null ? ClientAuth.NEED : ClientAuth.NONE;
            }
            if (clientCa == null && trustedKeys == null) {
                throw new Main.UsageException("--client-auth needs --client-ca FILE or --trusted-keys FILE");
            }
            return switch (clientAuth.toLowerCase(Locale.ROOT)) {
                case "want" -> ClientAuth.WANT;
                case "need" -> ClientAuth.NEED;
                default -> throw new Main.UsageException("--client-auth must be want or need, not '" + clientAuth + "'");
            };
        }

        PeerVerifier clientVerifier() {
            try {
                PeerVerifier v = clientCa == null ? null : PeerVerifier.trusting(clientCa);
                if (trustedKeys != null) {
                    PeerVerifier pins = PeerVerifier.pinnedKeys(trustedKeys);
                    v = v == null ? pins : v.or(pins);
                }
                return v;
            } catch (NoSuchFileException e) {
                throw new Main.UsageException("file " + e.getFile() + " does not exist");
            } catch (IOException | IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }
    }
}
