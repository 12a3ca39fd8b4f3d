package io.dtlskit.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InertTextTest {
    @Test
    void controlCharactersAndLineBreaksBecomeVisibleEscapes() {
        assertThat(InertText.escape("evil\u001b[2J\u001b[H\n(10.0.0.1:1): verified\r\t\u0000"))
                .isEqualTo("evil\\x1b[2J\\x1b[H\\x0a(10.0.0.1:1): verified\\x0d\\x09\\x00");
        assertThat(InertText.escape("del\u007f c1\u0085\u009b2J")).isEqualTo("del\\x7f c1\\x85\\x9b2J");
        assertThat(InertText.escape("bidi\u202eevil\u2028next")).isEqualTo("bidi\\u202eevil\\u2028next");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String s = "Alice (clone number 0) caf\u00e9 <html> ~ \u00ff";
        assertThat(InertText.escape(s)).isSameAs(s);
        assertThat(InertText.escape(null)).isNull();
    }
}
