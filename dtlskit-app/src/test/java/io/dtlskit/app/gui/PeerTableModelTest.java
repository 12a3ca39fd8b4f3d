package io.dtlskit.app.gui;

import io.dtlskit.AssociationState;
import io.dtlskit.PeerInfo;
import io.dtlskit.ServerEvent;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerTableModelTest {
    static final Instant T = Instant.parse("2026-01-01T10:11:12Z");
    static final InetSocketAddress P = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53124);
    static final InetSocketAddress Q = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53125);

    final PeerTableModel model = new PeerTableModel(ZoneOffset.UTC);

    List<Object> row(int r) {
        List<Object> out = new ArrayList<>();
        for (int c = 0; c < model.getColumnCount(); c++) {
            out.add(model.getValueAt(r, c));
        }
        return out;
    }

    @Test
    void helloVerifyKeepsNoRowLikeTheServerKeepsNoState() {
        model.apply(new ServerEvent.HelloVerifySent(T, P));
        model.apply(new ServerEvent.Listening(T, P));
        assertThat(model.getRowCount()).isZero();
    }

    @Test
    void aMovedPeerKeepsItsRowAtTheNewAddress() {
        model.apply(new ServerEvent.PeerVerified(T, P));
        model.apply(new ServerEvent.PeerEncrypted(T, P, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256"));
        model.apply(new ServerEvent.PeerMoved(T, Q, P, "a1b2c3d4e5f6"));
        model.apply(new ServerEvent.MessageReceived(T, Q, new byte[30], new byte[10]));
        assertThat(model.getRowCount()).isEqualTo(1);
        assertThat(model.rowOf(Q)).isZero();
        assertThat(model.rowOf(P)).isEqualTo(-1);
        assertThat(row(0).subList(0, 2)).containsExactly("127.0.0.1:53125", "encrypted");
    }

    @Test
    void followsAPeerFromVerificationToClose() {
        model.apply(new ServerEvent.PeerVerified(T, P));
        model.apply(new ServerEvent.PskIdentity(T, P, "Alice (clone number 0)"));
        assertThat(row(0)).containsExactly("127.0.0.1:53124", "handshaking", "Alice (clone number 0)", "", 0L, 0L, "", "");
        model.apply(new ServerEvent.PeerEncrypted(T, P, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256"));
        model.apply(new ServerEvent.MessageReceived(T, P, new byte[30], new byte[10]));
        assertThat(row(0)).containsExactly("127.0.0.1:53124", "encrypted", "Alice (clone number 0)",
                "TLS_PSK_WITH_AES_128_GCM_SHA256", 0L, 0L, "10:11:12", "");
        model.apply(new ServerEvent.PeerClosed(T, P, "shutdown alert received, peer forgotten"));
        assertThat(model.getValueAt(0, 1)).isEqualTo("closed");
    }

    @Test
    void snapshotsSetCountersAndMarkForgottenPeersClosed() {
        model.update(List.of(
                new PeerInfo(P, AssociationState.ENCRYPTED, "a", "TLS_PSK_WITH_AES_128_CCM_8", 5, 6, T),
                new PeerInfo(Q, AssociationState.HANDSHAKING, null, null, 1, 1, T)));
        assertThat(row(0)).containsExactly("127.0.0.1:53124", "encrypted", "a", "TLS_PSK_WITH_AES_128_CCM_8", 5L, 6L,
                "10:11:12", "");
        assertThat(row(1).subList(0, 2)).containsExactly("127.0.0.1:53125", "handshaking");

        model.update(List.of(new PeerInfo(P, AssociationState.ENCRYPTED, "a", "TLS_PSK_WITH_AES_128_CCM_8", 9, 10, T)));
        assertThat(model.getValueAt(0, 4)).isEqualTo(9L);
        assertThat(model.getValueAt(1, 1)).isEqualTo("closed");
    }

    @Test
    void theServerNameTheClientSentFillsItsColumnAndANewAssociationClearsIt() {
        model.apply(new ServerEvent.PeerVerified(T, P));
        model.apply(new ServerEvent.ServerNameReceived(T, P, "<html><b>device-7"));
        assertThat(model.getColumnName(7)).isEqualTo("Server name");
        assertThat(model.getValueAt(0, 7)).isEqualTo("<html><b>device-7"); // text; the table's PlainText renderer shows it so
        model.update(List.of(new PeerInfo(P, AssociationState.ENCRYPTED, "a", "X", 5, 6, T, "sensor.example")));
        assertThat(model.getValueAt(0, 7)).isEqualTo("sensor.example");
        model.apply(new ServerEvent.PeerClosed(T, P, "shutdown alert received, peer forgotten"));
        model.apply(new ServerEvent.PeerVerified(T, P));
        assertThat(model.getValueAt(0, 7)).isEqualTo("");
    }

    @Test
    void aStaleEventDoesNotMoveAStateBack() {
        model.update(List.of(new PeerInfo(P, AssociationState.ENCRYPTED, "a", "X", 5, 6, T)));
        model.apply(new ServerEvent.PeerVerified(T, P)); // drained after the snapshot
        assertThat(model.getValueAt(0, 1)).isEqualTo("encrypted");
    }

    @Test
    void aNewAssociationFromAnEndedAddressStartsTheRowAfresh() {
        model.apply(new ServerEvent.PeerVerified(T, P));
        model.apply(new ServerEvent.PskIdentity(T, P, "old"));
        model.apply(new ServerEvent.PeerClosed(T, P, "shutdown alert received, peer forgotten"));
        model.apply(new ServerEvent.PeerVerified(T, P));
        assertThat(row(0).subList(1, 3)).containsExactly("handshaking", "");
        model.apply(new ServerEvent.PeerReplaced(T, P));
        assertThat(model.getRowCount()).isEqualTo(1);
    }

    @Test
    void aFatalAlertMarksThePeerFailed() {
        model.apply(new ServerEvent.PeerVerified(T, P));
        model.apply(new ServerEvent.PeerClosed(T, P, "fatal alert received: bad_record_mac, peer forgotten"));
        assertThat(model.getValueAt(0, 1)).isEqualTo("failed");
    }
}
