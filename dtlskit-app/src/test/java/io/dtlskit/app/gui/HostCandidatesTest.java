package io.dtlskit.app.gui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostCandidatesTest {
    @Test
    void namesFirstThenAddressesThenSeparatorThenLoopback() {
        List<String> c = HostCandidates.forClient();
        int sep = c.indexOf(HostCandidates.SEPARATOR);
        assertThat(sep).isPositive();
        assertThat(c.subList(0, sep)).contains("localhost");
        assertThat(c.subList(sep + 1, c.size())).isNotEmpty().startsWith("127.0.0.1")
                .allSatisfy(a -> assertThat(a).matches("127\\..*|::1"));
        assertThat(c.subList(0, sep)).noneMatch(a -> a.startsWith("127.") || a.equals("::1"));
    }

    @Test
    void serverListHasThisMachinesAddressesLoopbackIncluded() {
        List<String> c = HostCandidates.forServer();
        assertThat(c).contains("127.0.0.1", HostCandidates.SEPARATOR).doesNotContain("localhost");
        assertThat(c.subList(0, c.indexOf(HostCandidates.SEPARATOR)))
                .allSatisfy(a -> assertThat(ConnectForm.isAddressLiteral(a)).as(a).isTrue());
    }
}
