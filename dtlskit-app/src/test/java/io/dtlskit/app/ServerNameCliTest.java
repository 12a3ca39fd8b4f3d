package io.dtlskit.app;

import io.dtlskit.testing.PeerProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** `dtlskit server` prints the host name a client sent as SNI (RFC 6066 §3). */
class ServerNameCliTest {
    @Test
    void theServerPrintsTheNameTheClientAskedFor() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        try (PeerProcess server = PeerProcess.start("dtlskit server --self-signed", List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--bind", "127.0.0.1:0",
                "--self-signed", "--color", "never"))) {
            server.awaitOutput("Server is listening on address 127.0.0.1 and port ", Duration.ofSeconds(20));
            server.awaitOutput("\n", Duration.ofSeconds(5));
            Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
            assertThat(m.find()).isTrue();
            CliTest.Run client = CliTest.run("client", "--server", "127.0.0.1:" + m.group(1), "--server-name",
                    "device-7.example", "--insecure", "--pings", "1", "--ping-interval", "100ms", "--color", "never");
            assertThat(client.exit()).as(client.out() + client.err()).isZero();
            server.awaitOutput("): client asked for server name 'device-7.example' (SNI)", Duration.ofSeconds(20));
        }
    }
}
