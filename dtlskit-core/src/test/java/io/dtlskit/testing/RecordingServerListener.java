package io.dtlskit.testing;

import io.dtlskit.ServerEvent;
import io.dtlskit.ServerListener;

import java.util.List;

/** Records a server's events. */
public class RecordingServerListener extends EventLog<ServerEvent> implements ServerListener {
    @Override
    public void onEvent(ServerEvent event) {
        add(event);
    }

    public List<String> messages() {
        return snapshot().stream().map(ServerEvent::message).toList();
    }

    @Override
    protected String describe(ServerEvent e) {
        return e.kind() + " [" + e.level() + "] " + e.message();
    }
}
