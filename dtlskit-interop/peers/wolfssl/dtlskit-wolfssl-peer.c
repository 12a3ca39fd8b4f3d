/*
 * dtlskit-wolfssl-peer: a small DTLS 1.2 PSK server and client on wolfSSL, so that dtlskit's interop
 * tests (dtlskit-interop) can run wolfSSL as its users run it. Debian packages the library only, no
 * example programs. Everything not set on the command line is wolfSSL's default
 * (wolfDTLSv1_2_server_method / wolfDTLSv1_2_client_method).
 *
 *   dtlskit-wolfssl-peer server --port P --identity ID --key HEX [--host 127.0.0.1] [--hint HINT]
 *                               [--ciphers LIST] [--cookies on|off]
 *   dtlskit-wolfssl-peer client --port P --identity ID --key HEX [--host 127.0.0.1] [--ciphers LIST]
 *                               [--message TEXT]...      (no --message: each stdin line is one message)
 *   dtlskit-wolfssl-peer ciphers   (the suites this libwolfssl build has, IANA names, one a line)
 *
 * Server: one association at a time; it echoes every application record and prints one line per event.
 * A ClientHello from another address ends the current association (the client most likely moved on).
 * Client: handshake, then per message one record out and the reply printed, then close_notify; exit 0.
 * Peer text is printed with control characters escaped. Exit 1 on a DTLS failure, 2 on bad usage.
 * Build: cc -O2 -o dtlskit-wolfssl-peer dtlskit-wolfssl-peer.c -lwolfssl
 */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/random.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { REPLY_TIMEOUT_MS = 10000 };

static const char *identity, *hint;
static unsigned char key[64];
static unsigned key_len;

static void usage(const char *why) {
    fprintf(stderr, "dtlskit-wolfssl-peer: %s\n"
            "usage: dtlskit-wolfssl-peer server|client --port P --identity ID --key HEX [--host ADDR]"
            " [--hint HINT] [--ciphers LIST] [--cookies on|off] [--message TEXT]...\n", why);
    exit(2);
}

/* Peer text as inert text: printable ASCII as is, anything else as \xNN. */
static void print_text(const char *prefix, const unsigned char *b, int n) {
    printf("%s", prefix);
    for (int i = 0; i < n; i++) {
        if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\') putchar(b[i]);
        else printf("\\x%02x", b[i]);
    }
    printf("\n");
    fflush(stdout);
}

static const char *addr_text(const struct sockaddr_in *a) {
    static char s[64];
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    snprintf(s, sizeof s, "%s:%u", ip, ntohs(a->sin_port));
    return s;
}

static int fail(WOLFSSL *ssl, int ret, const char *what) {
    char msg[WOLFSSL_MAX_ERROR_SZ];
    int err = wolfSSL_get_error(ssl, ret);
    wolfSSL_ERR_error_string_n(err, msg, sizeof msg);
    printf("error: %s failed: wolfSSL error %d (%s)\n", what, err, msg);
    fflush(stdout);
    return err;
}

static void print_suite(WOLFSSL *ssl, const char *peer) {
    int id = wolfSSL_get_current_cipher_suite(ssl);
    const char *iana = wolfSSL_get_cipher_name_iana_from_suite((unsigned char)(id >> 8), (unsigned char)id);
    printf("handshake done with %s: cipher suite %s (%s), version %s\n", peer, iana ? iana : "?",
           wolfSSL_get_cipher_name(ssl), wolfSSL_get_version(ssl));
    fflush(stdout);
}

static unsigned int server_psk(WOLFSSL *ssl, const char *id, unsigned char *out, unsigned int max) {
    (void)ssl;
    if (id == NULL || strcmp(id, identity) != 0 || key_len > max) {
        print_text("unknown PSK identity: ", (const unsigned char *)(id ? id : ""), id ? (int)strlen(id) : 0);
        return 0; /* wolfSSL then fails the handshake (unknown_psk_identity) */
    }
    memcpy(out, key, key_len);
    return key_len;
}

static unsigned int client_psk(WOLFSSL *ssl, const char *h, char *id, unsigned int id_max, unsigned char *out,
                               unsigned int max) {
    (void)ssl;
    if (h != NULL && h[0] != '\0') print_text("server identity hint: ", (const unsigned char *)h, (int)strlen(h));
    if (strlen(identity) >= id_max || key_len > max) return 0;
    strcpy(id, identity);
    memcpy(out, key, key_len);
    return key_len;
}

/* True if the datagram starts with a plaintext handshake record carrying a ClientHello (RFC 6347 §4.1, §4.2.2). */
static int is_client_hello(const unsigned char *d, ssize_t n) {
    return n > 13 && d[0] == 22 && d[3] == 0 && d[4] == 0 && d[13] == 1;
}

/* Waits for the socket or wolfSSL's retransmission timer; returns 1 readable, 0 timer, -1 error. */
static int wait_readable(int fd, int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    return r < 0 ? (errno == EINTR ? 0 : -1) : r;
}

static int run_server(WOLFSSL_CTX *ctx, const char *host, int port) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    if (fd < 0 || inet_pton(AF_INET, host, &me.sin_addr) != 1 || bind(fd, (struct sockaddr *)&me, sizeof me) != 0) {
        printf("error: cannot bind UDP %s:%d: %s\n", host, port, strerror(errno));
        return 1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    /* One cookie secret for the process: a cookie from one WOLFSSL object verifies in the next (RFC 6347 §4.2.1). */
    unsigned char secret[32];
    WC_RNG rng;
    if (wc_InitRng(&rng) != 0 || wc_RNG_GenerateBlock(&rng, secret, sizeof secret) != 0) {
        printf("error: no random for the cookie secret\n");
        return 1;
    }
    wc_FreeRng(&rng);
    printf("dtlskit-wolfssl-peer server ready on %s (wolfSSL %s, DTLS 1.2)\n", addr_text(&me), wolfSSL_lib_version());
    fflush(stdout);

    unsigned char buf[16384];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        if (wait_readable(fd, -1) < 0) return 1;
        ssize_t n = recvfrom(fd, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&peer, &len);
        if (n < 0) continue;
        if (!is_client_hello(buf, n)) { /* stray record of an association we ended: drop it */
            recv(fd, buf, sizeof buf, 0);
            continue;
        }
        WOLFSSL *ssl = wolfSSL_new(ctx);
        if (ssl == NULL || wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS
            || wolfSSL_dtls_set_peer(ssl, &peer, sizeof peer) != WOLFSSL_SUCCESS
            || wolfSSL_DTLS_SetCookieSecret(ssl, secret, sizeof secret) != 0) {
            printf("error: cannot set up a wolfSSL session\n");
            return 1;
        }
        wolfSSL_dtls_set_using_nonblock(ssl, 1);
        char who[64];
        snprintf(who, sizeof who, "%s", addr_text(&peer));
        int established = 0, ended = 0;
        while (!ended) {
            int timeout = established ? -1 : wolfSSL_dtls_get_current_timeout(ssl) * 1000;
            int r = wait_readable(fd, timeout);
            if (r < 0) return 1;
            if (r == 0 && wolfSSL_pending(ssl) == 0) {
                if (wolfSSL_dtls_got_timeout(ssl) != WOLFSSL_SUCCESS) {
                    printf("handshake with %s timed out\n", who);
                    ended = 1;
                }
                continue;
            }
            struct sockaddr_in from;
            len = sizeof from;
            n = recvfrom(fd, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&from, &len);
            if (n >= 0 && (from.sin_addr.s_addr != peer.sin_addr.s_addr || from.sin_port != peer.sin_port)) {
                if (is_client_hello(buf, n)) { /* leave it queued: the next association starts with it */
                    printf("association with %s ended: new ClientHello from %s\n", who, addr_text(&from));
                    break;
                }
                recv(fd, buf, sizeof buf, 0);
                continue;
            }
            if (!established) {
                int ret = wolfSSL_accept(ssl);
                if (ret == WOLFSSL_SUCCESS) {
                    established = 1;
                    const char *id = wolfSSL_get_psk_identity(ssl);
                    print_suite(ssl, who);
                    print_text("PSK identity: ", (const unsigned char *)(id ? id : ""), id ? (int)strlen(id) : 0);
                } else {
                    int err = wolfSSL_get_error(ssl, ret);
                    if (err != WOLFSSL_ERROR_WANT_READ && err != WOLFSSL_ERROR_WANT_WRITE) {
                        fail(ssl, ret, "handshake");
                        ended = 1;
                    }
                }
                continue;
            }
            int got = wolfSSL_read(ssl, buf, sizeof buf);
            if (got > 0) {
                char prefix[128];
                snprintf(prefix, sizeof prefix, "received %d bytes from %s: ", got, who);
                print_text(prefix, buf, got);
                if (wolfSSL_write(ssl, buf, got) != got) {
                    fail(ssl, -1, "echo");
                    ended = 1;
                }
                continue;
            }
            int err = wolfSSL_get_error(ssl, got);
            if (err == WOLFSSL_ERROR_ZERO_RETURN) {
                printf("close_notify from %s\n", who);
                wolfSSL_shutdown(ssl);
                ended = 1;
            } else if (err != WOLFSSL_ERROR_WANT_READ && err != WOLFSSL_ERROR_WANT_WRITE) {
                fail(ssl, got, "read");
                ended = 1;
            }
        }
        fflush(stdout);
        wolfSSL_free(ssl);
    }
}

static int run_client(WOLFSSL_CTX *ctx, const char *host, int port, char **messages, int count) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    if (fd < 0 || inet_pton(AF_INET, host, &server.sin_addr) != 1
        || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) {
        printf("error: cannot reach UDP %s:%d: %s\n", host, port, strerror(errno));
        return 1;
    }
    WOLFSSL *ssl = wolfSSL_new(ctx);
    if (ssl == NULL || wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS
        || wolfSSL_dtls_set_peer(ssl, &server, sizeof server) != WOLFSSL_SUCCESS) {
        printf("error: cannot set up a wolfSSL session\n");
        return 1;
    }
    int ret = wolfSSL_connect(ssl); /* blocking: wolfSSL retransmits on its own timer */
    if (ret != WOLFSSL_SUCCESS) {
        fail(ssl, ret, "handshake");
        return 1;
    }
    print_suite(ssl, addr_text(&server));
    char line[4096];
    unsigned char reply[16384];
    for (int i = 0; count == 0 || i < count; i++) {
        const char *m = count > 0 ? messages[i] : fgets(line, sizeof line, stdin);
        if (m == NULL) break;
        if (wolfSSL_write(ssl, m, (int)strlen(m)) != (int)strlen(m)) {
            fail(ssl, -1, "write");
            return 1;
        }
        /* After the handshake wolfSSL's blocking read has no timer: bound the wait for the reply here. */
        if (wolfSSL_pending(ssl) == 0 && wait_readable(fd, REPLY_TIMEOUT_MS) <= 0) {
            printf("error: no reply within %d ms\n", REPLY_TIMEOUT_MS);
            return 1;
        }
        int got = wolfSSL_read(ssl, reply, sizeof reply);
        if (got <= 0) {
            fail(ssl, got, "read of the reply");
            return 1;
        }
        print_text("received: ", reply, got);
    }
    wolfSSL_shutdown(ssl); /* close_notify */
    printf("close_notify sent\n");
    wolfSSL_free(ssl);
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "ciphers") == 0) {
        static char list[16384];
        if (wolfSSL_get_ciphers_iana(list, sizeof list) != WOLFSSL_SUCCESS) { printf("error: no cipher list\n"); return 1; }
        for (char *c = list; *c; c++) if (*c == ':') *c = '\n';
        printf("%s\n", list);
        return 0;
    }
    if (argc < 2 || (strcmp(argv[1], "server") && strcmp(argv[1], "client"))) usage("first argument: server, client or ciphers");
    int server = strcmp(argv[1], "server") == 0;
    const char *host = "127.0.0.1", *ciphers = NULL, *key_hex = NULL;
    int port = 0, cookies = 1, count = 0;
    char **messages = calloc((size_t)argc, sizeof *messages);
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc) usage("option without a value");
        const char *v = argv[++i];
        if (!strcmp(o, "--host")) host = v;
        else if (!strcmp(o, "--port")) port = atoi(v);
        else if (!strcmp(o, "--identity")) identity = v;
        else if (!strcmp(o, "--key")) key_hex = v;
        else if (!strcmp(o, "--hint") && server) hint = v;
        else if (!strcmp(o, "--ciphers")) ciphers = v;
        else if (!strcmp(o, "--cookies") && server && (!strcmp(v, "on") || !strcmp(v, "off"))) cookies = !strcmp(v, "on");
        else if (!strcmp(o, "--message") && !server) messages[count++] = (char *)v;
        else usage("unknown option or value");
    }
    if (port <= 0 || port > 65535 || identity == NULL || key_hex == NULL) usage("--port, --identity and --key are required");
    size_t hex = strlen(key_hex);
    if (hex == 0 || hex % 2 || hex / 2 > sizeof key) usage("--key: an even number of hex digits, at most 128");
    for (key_len = 0; key_len < hex / 2; key_len++) {
        unsigned int b;
        if (sscanf(key_hex + 2 * key_len, "%2x", &b) != 1) usage("--key: not hex");
        key[key_len] = (unsigned char)b;
    }
    if (!cookies) {
        /* RFC 6347 §4.2.1 cookies: wolfSSL 5.5's DTLS 1.2 server always sends HelloVerifyRequest; only
         * its SCTP and SRTP modes skip it, and Debian's build has neither, so there is nothing to turn off. */
        fprintf(stderr, "dtlskit-wolfssl-peer: --cookies off: wolfSSL %s has no switch for the DTLS 1.2 "
                "HelloVerifyRequest (always sent outside SCTP/SRTP modes)\n", wolfSSL_lib_version());
        return 2;
    }
    if (wolfSSL_Init() != WOLFSSL_SUCCESS) { printf("error: wolfSSL_Init failed\n"); return 1; }
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(server ? wolfDTLSv1_2_server_method() : wolfDTLSv1_2_client_method());
    if (ctx == NULL) { printf("error: wolfSSL_CTX_new failed\n"); return 1; }
    if (server) {
        wolfSSL_CTX_set_psk_server_callback(ctx, server_psk);
        if (hint != NULL && wolfSSL_CTX_use_psk_identity_hint(ctx, hint) != WOLFSSL_SUCCESS) {
            printf("error: identity hint refused\n");
            return 1;
        }
    } else {
        wolfSSL_CTX_set_psk_client_callback(ctx, client_psk);
    }
    if (ciphers != NULL && wolfSSL_CTX_set_cipher_list(ctx, ciphers) != WOLFSSL_SUCCESS) {
        fprintf(stderr, "dtlskit-wolfssl-peer: --ciphers %s: wolfSSL %s knows none of these suites\n", ciphers,
                wolfSSL_lib_version());
        return 2;
    }
    int rc = server ? run_server(ctx, host, port) : run_client(ctx, host, port, messages, count);
    wolfSSL_CTX_free(ctx);
    wolfSSL_Cleanup();
    return rc;
}
