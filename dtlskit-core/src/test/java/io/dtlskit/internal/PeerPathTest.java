package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class PeerPathTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);

    @Test
    void theCookieCheckedAddressIsUsedWithoutLimit() {
        PeerPath path = new PeerPath(A);
        assertThat(path.reserve(100_000)).isEqualTo(A);
        assertThat(path.authenticated(A, 50, true)).isNull();
        assertThat(path.unconfirmed()).isFalse();
    }

    @Test
    void onlyTheNewestAuthenticatedRecordMovesThePeer() {
        PeerPath path = new PeerPath(A);
        assertThat(path.authenticated(B, 60, false)).as("an old record replayed from elsewhere").isNull();
        assertThat(path.current()).isEqualTo(A);
        assertThat(path.authenticated(B, 60, true)).isEqualTo(new PeerPath.Move(A, B));
        assertThat(path.current()).isEqualTo(B);
        assertThat(path.authenticated(A, 60, false)).as("a late record from the old address does not pull back")
                .isNull();
        assertThat(path.current()).isEqualTo(B);
    }

    @Test
    void noAmplificationTowardsANewAddressUntilItAnswers() {
        PeerPath path = new PeerPath(A);
        path.authenticated(B, 60, true);
        assertThat(path.unconfirmed()).isTrue();
        assertThat(path.reserve(61)).as("more than B sent us").isNull();
        assertThat(path.withheld()).isEqualTo(1);
        assertThat(path.reserve(40)).isEqualTo(B);
        assertThat(path.reserve(40)).as("only 20 bytes of budget left").isNull();
        assertThat(path.reserve(20)).isEqualTo(B);
        // B writes again after our answer: it receives at that address.
        assertThat(path.authenticated(B, 60, true)).isNull();
        assertThat(path.unconfirmed()).isFalse();
        assertThat(path.reserve(10_000)).isEqualTo(B);
    }

    @Test
    void beforeWeAnswerFurtherRecordsOnlyRaiseTheBudget() {
        PeerPath path = new PeerPath(A);
        path.authenticated(B, 60, true);
        path.authenticated(B, 60, true);
        assertThat(path.unconfirmed()).as("we sent nothing yet, so nothing was answered").isTrue();
        assertThat(path.reserve(120)).isEqualTo(B);
        assertThat(path.reserve(1)).isNull();
    }
}
