package io.dtlskit.testing;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;

import java.util.List;

/** Records a client association's events (one or many associations). */
public class RecordingListener extends EventLog<AssociationEvent> implements AssociationListener {
    @Override
    public void onEvent(AssociationEvent event) {
        add(event);
    }

    /** The Qt-visible lines (info, warning, error) of one association, in order. */
    public List<String> qtMessages(String association) {
        return snapshot().stream()
                .filter(e -> e.association().equals(association))
                .filter(e -> switch (e.level()) {
                    case INFO, WARNING, ERROR -> true;
                    default -> false;
                })
                .map(AssociationEvent::message)
                .toList();
    }

    public List<String> kinds(String association) {
        return snapshot().stream().filter(e -> e.association().equals(association)).map(AssociationEvent::kind).toList();
    }

    @Override
    protected String describe(AssociationEvent e) {
        return e.kind() + " [" + e.level() + "] " + e.message();
    }
}
