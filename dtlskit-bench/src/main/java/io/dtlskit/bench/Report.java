package io.dtlskit.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One invocation's results: the figures of every stack that ran, and each dtlskit figure as a ratio
 * against each baseline (dtlskit / baseline, so above 1 is better for rates and worse for latencies,
 * memory and threads). Rendered as JSON for machines or as a table for people.
 */
public final class Report {
    /**
     * Jackson for every JSON the bench writes or reads (reports, the server child's lines). Whole
     * numbers read back as Long, as they were written.
     */
    /** The run every other is divided by: dtlskit against its own server. */
    static final String BASE = "dtlskit";

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final String command;
    private final Map<String, Object> parameters;
    private final Map<String, Object> machine = ProcessMetrics.machine();
    private final Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public Report(String command, Map<String, Object> parameters) {
        this.command = command;
        this.parameters = parameters;
    }

    /** One run's figures: a stack against its own server ("dtlskit"), or a client/server pair. */
    public void add(String label, Map<String, Object> figures) {
        runs.put(label, figures);
    }

    /** One run's figures, or null if it did not run. */
    public Map<String, Object> figures(String label) {
        return runs.get(label);
    }

    public void note(String note) {
        notes.add(note);
    }

    /** dtlskit's figure divided by the baseline's, per figure both have as a number. */
    public Map<String, Map<String, Object>> ratios() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> ours = runs.get(BASE);
        if (ours == null) {
            return out;
        }
        for (Map.Entry<String, Map<String, Object>> e : runs.entrySet()) {
            if (e.getKey().equals(BASE)) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            for (Map.Entry<String, Object> f : ours.entrySet()) {
                Object theirs = e.getValue().get(f.getKey());
                if (f.getValue() instanceof Number a && theirs instanceof Number b && b.doubleValue() != 0) {
                    r.put(f.getKey(), a.doubleValue() / b.doubleValue());
                }
            }
            out.put(e.getKey(), r);
        }
        return out;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("machine", machine);
        m.put("parameters", parameters);
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : runs.entrySet()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("stack", e.getKey());
            run.put("figures", e.getValue());
            list.add(run);
        }
        m.put("runs", list);
        m.put("ratios", ratios());
        m.put("notes", notes);
        return m;
    }

    public String toJson() {
        return json(readable(toMap()));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON object (a server child's line, a report). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Doubles to three decimals (a microsecond of a millisecond figure is already noise here) and
     * NaN/infinity to null, which JSON lacks; maps and lists keep their order.
     */
    private static Object readable(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : Math.abs(d) >= 1e15 ? d : Math.round(d * 1000.0) / 1000.0;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, readable(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Report::readable).toList();
        }
        return v;
    }

    /** A readable table: one row per figure, one column per stack, a ratio column per baseline. */
    public String toTable() {
        List<String> header = new ArrayList<>();
        header.add(command);
        for (String s : runs.keySet()) {
            header.add(s);
            if (!s.equals(BASE) && runs.containsKey(BASE)) {
                header.add(BASE + "/" + s);
            }
        }
        Map<String, Map<String, Object>> ratios = ratios();
        List<List<String>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        runs.values().forEach(f -> f.keySet().forEach(k -> {
            if (!names.contains(k)) {
                names.add(k);
            }
        }));
        for (String name : names) {
            List<String> row = new ArrayList<>();
            row.add(name);
            for (String s : runs.keySet()) {
                row.add(format(runs.get(s).get(name)));
                if (!s.equals(BASE) && runs.containsKey(BASE)) {
                    Object r = ratios.get(s).get(name);
                    row.add(r == null ? "" : String.format(Locale.ROOT, "%.2fx", (Double) r));
                }
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("machine: ").append(machine.get("cores")).append(" cores, ").append(machine.get("jdk"))
                .append(", load ").append(String.format(Locale.ROOT, "%.2f", (Double) machine.get("loadAverage1m")))
                .append('\n');
        b.append("parameters: ").append(parameters).append('\n');
        line(b, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(b, rule, width);
        for (List<String> row : rows) {
            line(b, row, width);
        }
        for (String n : notes) {
            b.append("note: ").append(n).append('\n');
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        b.append("| ");
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(i == 0 ? pad(c, width[i]) : padLeft(c, width[i])).append(" | ");
        }
        b.setLength(b.length() - 1);
        b.append('\n');
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    static String format(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (Math.abs(d) >= 100) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            return String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return v.toString();
    }
}
