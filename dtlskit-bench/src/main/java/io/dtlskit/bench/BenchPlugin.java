package io.dtlskit.bench;

import io.dtlskit.app.CommandPlugin;

/** Registers {@code bench} with the CLI when this module's jar is on the class path. */
public final class BenchPlugin implements CommandPlugin {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
