package io.dtlskit.app.gui;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.AssociationStats;
import io.dtlskit.HandshakeResult;
import io.dtlskit.HandshakeTimeoutException;
import org.junit.jupiter.api.Test;

import javax.swing.event.TableModelEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AssociationTableModelTest {
    static final String A = "Alice (clone number 0)";
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22334);

    final AssociationTableModel model = new AssociationTableModel();
    final List<TableModelEvent> changes = new ArrayList<>();

    AssociationTableModelTest() {
        model.addTableModelListener(changes::add);
    }

    List<Object> row(int r) {
        List<Object> out = new ArrayList<>();
        for (int c = 0; c < model.getColumnCount(); c++) {
            out.add(model.getValueAt(r, c));
        }
        return out;
    }

    @Test
    void followsAnAssociationThroughItsLife() {
        model.add(A, SERVER);
        assertThat(changes.getFirst().getType()).isEqualTo(TableModelEvent.INSERT);
        assertThat(row(0)).containsExactly(A, "127.0.0.1:22334", "connecting", "", "", 0, 0L, 0L, "", "");

        model.apply(new AssociationEvent.Info(T, A, "connecting UDP socket first ..."));
        model.apply(new AssociationEvent.HandshakeStarted(T, A, SERVER));
        assertThat(model.getValueAt(0, 2)).isEqualTo("handshaking");
        model.apply(new AssociationEvent.Retransmission(T, A, 1, Duration.ofSeconds(1)));
        model.apply(new AssociationEvent.Retransmission(T, A, 2, Duration.ofSeconds(2)));
        assertThat(model.getValueAt(0, 5)).isEqualTo(2);

        model.apply(new AssociationEvent.HandshakeCompleted(T, A, new HandshakeResult(A, SERVER,
                "TLS_PSK_WITH_AES_128_GCM_SHA256", "DTLS 1.2", Duration.ofMillis(3012), 2, "hint")));
        model.apply(new AssociationEvent.PingSent(T, A, 0, "I am ..."));
        model.apply(new AssociationEvent.ServerResponse(T, A, new byte[40], new byte[20], Duration.ofNanos(1_500_000)));
        model.apply(new AssociationEvent.PingSent(T, A, 1, "I am ..."));
        assertThat(row(0)).containsExactly(A, "127.0.0.1:22334", "encrypted", "TLS_PSK_WITH_AES_128_GCM_SHA256",
                "3012.0 ms", 2, 2L, 1L, "1.5 ms", "hint");

        model.apply(new AssociationEvent.Closed(T, A, AssociationState.CLOSED, "closed by the application"));
        assertThat(model.getValueAt(0, 2)).isEqualTo("closed");
        assertThat(model.liveCount()).isZero();
        assertThat(changes).filteredOn(e -> e.getType() == TableModelEvent.UPDATE).isNotEmpty();
    }

    @Test
    void aFailureStaysFailedAndLateEventsCannotReviveARow() {
        model.add(A, SERVER);
        model.apply(new AssociationEvent.Failed(T, A,
                new HandshakeTimeoutException(A, Duration.ofSeconds(5), 3, "ClientHello sent", null)));
        model.apply(new AssociationEvent.Closed(T, A, AssociationState.FAILED, "timeout"));
        model.apply(new AssociationEvent.HandshakeStarted(T, A, SERVER));
        model.update(stats(AssociationState.ENCRYPTED, 0, 0));
        assertThat(model.getValueAt(0, 2)).isEqualTo("failed");
    }

    @Test
    void eventsOfAnUnknownAssociationAddARow() {
        model.apply(new AssociationEvent.HandshakeStarted(T, "Bob", SERVER));
        assertThat(model.getRowCount()).isEqualTo(1);
        assertThat(model.nameAt(0)).isEqualTo("Bob");
        assertThat(model.rowOf("Bob")).isZero();
        assertThat(model.rowOf("nobody")).isEqualTo(-1);
    }

    @Test
    void statsSnapshotsCorrectCountsButNeverGoBackwards() {
        model.add(A, SERVER);
        model.apply(new AssociationEvent.HandshakeStarted(T, A, SERVER));
        model.update(stats(AssociationState.ENCRYPTED, 7, 6));
        assertThat(row(0).subList(2, 9)).containsExactly("encrypted", "TLS_PSK_WITH_AES_128_CCM_8", "12.0 ms", 1, 7L,
                6L, "0.8 ms");
        model.update(stats(AssociationState.HANDSHAKING, 3, 2)); // an older snapshot
        assertThat(row(0).subList(2, 3)).containsExactly("encrypted");
        assertThat(model.getValueAt(0, 6)).isEqualTo(7L);
    }

    @Test
    void showsTheServersCertificateSubjectMadeInert() throws Exception {
        model.add(A, SERVER);
        var maker = new io.dtlskit.internal.CertificateMaker(new java.security.SecureRandom());
        var cert = maker.selfSigned("device\u001b[2J", List.of(), io.dtlskit.internal.CertificateMaker.Usage.SERVER,
                Duration.ofDays(1)).certificate();
        model.apply(new AssociationEvent.PeerCertificate(T, A, new io.dtlskit.PeerIdentity.Certificate(List.of(cert))));
        assertThat((String) model.getValueAt(0, 9)).isEqualTo("CN=device\\u001b[2J");
    }

    @Test
    void columnsMatchTheIssue() {
        assertThat(AssociationTableModel.COLUMNS).containsExactly("Name", "Server", "State", "Cipher suite",
                "Handshake", "Retransmissions", "Pings sent", "Replies", "Last RTT", "Peer identity");
        assertThat(model.getColumnClass(6)).isEqualTo(Long.class);
    }

    @Test
    void aReplyCountedBySnapshotAndThenByItsLateEventIsCountedOnce() {
        model.add(A, SERVER);
        model.update(stats(AssociationState.ENCRYPTED, 1, 1)); // the snapshot already counts the reply
        model.apply(new AssociationEvent.ServerResponse(T, A, new byte[40], new byte[20], null)); // its event, late
        assertThat(model.getValueAt(0, 7)).isEqualTo(1L);
        model.apply(new AssociationEvent.ServerResponse(T, A, new byte[40], new byte[20], null));
        assertThat(model.getValueAt(0, 7)).isEqualTo(2L);
    }

    static AssociationStats stats(AssociationState state, long pings, long replies) {
        return new AssociationStats(A, state, "TLS_PSK_WITH_AES_128_CCM_8", Duration.ofMillis(12), 1, pings, replies,
                10, 10, 1000, 1000, Map.of(), Duration.ofNanos(800_000), Duration.ofNanos(900_000));
    }
}
