package io.dtlskit.internal;

import io.dtlskit.ServerEvent;
import io.dtlskit.ServerHandler;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;

import java.io.IOException;

/**
 * A server session's life after its handshake, on the session's exchange thread: each authenticated
 * record goes to the server's {@link ServerHandler}, until close_notify, a fatal alert, the idle
 * timeout, shutdown or a failure. The server's counterpart of {@link ClientExchange}.
 */
final class ServerExchange {
    private final ServerSession session;
    private final ServerCore core;
    private final QueueTransport transport;
    private final SessionTraffic traffic;
    private final ConnectionIdPath cidPath;
    private final DTLSTransport engine;
    private final ServerHandler handler;

    ServerExchange(ServerSession session, ServerCore core, QueueTransport transport, SessionTraffic traffic,
                   ConnectionIdPath cidPath, DTLSTransport engine, ServerHandler handler) {
        this.session = session;
        this.core = core;
        this.transport = transport;
        this.traffic = traffic;
        this.cidPath = cidPath;
        this.engine = engine;
        this.handler = handler;
    }

    /** Runs until the end; returns why it ended, or null when the session was abandoned (a restarted peer). */
    String run() {
        long idleMillis = core.options.idleTimeout().toMillis();
        while (true) {
            int wait = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleMillis - session.idleMillis()));
            byte[] plain;
            try {
                plain = cidPath == null ? transport.receiveApplicationData(engine, wait, true) // holds no buffer while idle
                        : transport.receiveApplicationData(engine, wait, true, cidPath);
            } catch (TlsFatalAlertReceived e) {
                session.failed();
                return "fatal alert received: " + Failures.alertName(e.getAlertDescription()) + ", peer forgotten";
            } catch (IOException e) {
                return session.endedBy(e);
            }
            session.followMove();
            if (plain == null) {
                if (session.idleMillis() >= idleMillis) {
                    try {
                        engine.close(); // close_notify to the idle peer
                    } catch (IOException ignored) {
                        // forgetting it anyway
                    }
                    return "idle for " + (idleMillis % 1000 == 0 ? idleMillis / 1000 + " s" : idleMillis + " ms")
                            + ", closed";
                }
                continue;
            }
            session.seen(); // authenticated by the engine
            if (plain.length == 0) {
                core.emit(new ServerEvent.EmptyDatagram(core.now(), session.peer()));
                continue;
            }
            if (core.hasListener()) { // per datagram: no event object for nobody
                byte[] raw = traffic.lastDatagram();
                core.emit(new ServerEvent.MessageReceived(core.now(), session.peer(), raw == null ? new byte[0] : raw, plain));
            }
            session.call(() -> handler.onData(session, plain));
        }
    }
}
