package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueueTransportTest {
    static byte[] record(int type) {
        byte[] d = new byte[13 + 4];
        d[0] = (byte) type;
        d[1] = (byte) 0xfe;
        d[2] = (byte) 0xfd;
        d[12] = 4;
        return d;
    }

    @Test
    void wakeUpsNeverTakeADatagramSlot() throws Exception {
        List<Object> notices = new ArrayList<>();
        QueueTransport t = new QueueTransport(4, 2048, 1372, (b, o, l) -> true, new QueueTransport.Observer() {
            @Override
            public void notice(Object marker) {
                notices.add(marker);
            }
        });
        Object wake = new Object();
        for (int i = 0; i < 20_000; i++) {
            t.offerNotice(wake); // one per send from another thread, as in `bench echo`
        }
        for (int i = 0; i < 4; i++) {
            assertThat(t.offer(record(23))).as("datagram %d still fits", i).isTrue();
        }
        assertThat(t.offer(record(23))).as("the fifth does not: the queue holds 4").isFalse();
        byte[] buf = new byte[2048];
        assertThat(t.receive(buf, 0, buf.length, 100)).isEqualTo(17);
        assertThat(notices).as("the marker was queued once").containsExactly(wake);
    }

    @Test
    void aDatagramTheSocketRefusesIsReportedAndNotCountedAsSent() throws Exception {
        List<String> seen = new ArrayList<>();
        QueueTransport t = new QueueTransport(4, 2048, 1372, (b, o, l) -> false, new QueueTransport.Observer() {
            @Override
            public void sent(int bytes) {
                seen.add("sent " + bytes);
            }

            @Override
            public void refused(int bytes) {
                seen.add("refused " + bytes);
            }
        });
        byte[] data = record(23);
        t.send(data, 0, data.length);
        assertThat(seen).containsExactly("refused 17");
    }

    @Test
    void markersWakeAReceiverThatIsNotReadingData() throws Exception {
        InboundQueue q = new InboundQueue(2);
        q.offerData(record(23));
        Object resume = new Object();
        q.offerControl(resume);
        assertThat(q.poll(0, false)).isSameAs(resume);
        assertThat(q.poll(0, false)).as("paused: the datagram stays queued").isNull();
        assertThat(q.poll(0, true)).isInstanceOf(byte[].class);
    }
}
