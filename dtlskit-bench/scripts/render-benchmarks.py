#!/usr/bin/env python3
"""Renders docs/benchmarks.md from one run-benchmarks.sh output directory.

Usage: render-benchmarks.py OUTPUT_DIR > docs/benchmarks.md
Fills each {{placeholder}} of dtlskit-bench/benchmarks-template.md with a table made from the JSON
reports in OUTPUT_DIR, so that every figure on the page comes from that one run.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "benchmarks-template.md")


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f) if name.endswith(".json") else f.read().strip()


def fmt(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float):
        s = f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) >= 1 else f"{v:.3f}"
    else:
        s = f"{v:,}"
    return s + unit


def figures(report, run):
    for r in report["runs"]:
        if r["stack"] == run:
            return r["figures"]
    return {}


def table(report):
    """The report as markdown: one row per figure, one column per run, a ratio column per baseline."""
    runs = [r["stack"] for r in report["runs"]]
    ratios = report.get("ratios", {})
    head = [report["command"]]
    for r in runs:
        head.append(r)
        if r in ratios:
            head.append(f"dtlskit / {r}")
    names = []
    for r in report["runs"]:
        for k in r["figures"]:
            if k not in names:
                names.append(k)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in names:
        row = [n]
        for r in runs:
            row.append(fmt(figures(report, r).get(n)))
            if r in ratios:
                x = ratios[r].get(n)
                row.append("" if x is None else f"{x:.2f}x")
        lines.append("| " + " | ".join(row) + " |")
    p = report["parameters"]
    m = report["machine"]
    lines.append("")
    shown = ", ".join(f"{k}={json.dumps(v) if isinstance(v, bool) else v}" for k, v in p.items())
    lines.append(f"Parameters: {shown}; load {m['loadAverage1m']:.2f} at start.")
    for note in report.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines)


def verdict(ok):
    return "**met**" if ok else "**missed**"


def headline(out):
    hs = load(out, "handshakes.json")
    echo = load(out, "echo.json")
    hold = load(out, "hold-10000.json")
    jars = load(out, "jars.txt")
    startup = load(out, "startup.json")
    rows = []
    if hs:
        d = figures(hs, "dtlskit")
        s, c = d.get("serverCpuUsPerHandshake"), d.get("clientCpuUsPerHandshake")
        rows.append(("server CPU per full PSK handshake ≤ 150 µs", fmt(s, " µs"), verdict(s is not None and s <= 150)))
        p = figures(hs, "plain-udp")
        dg, floor = d.get("serverDatagramsPerHandshake"), p.get("serverCpuUsPerDatagram")
        if dg and floor:
            rows.append(("… its datagram floor: the server's datagrams per handshake × plain UDP's server CPU per "
                         "datagram (same run)", f"{dg:.1f} × {floor:.1f} µs = {dg * floor:,.0f} µs",
                         "the target is below it" if dg * floor > 150 else "below the target"))
        rows.append(("client CPU per full PSK handshake ≤ 200 µs", fmt(c, " µs"), verdict(c is not None and c <= 200)))
        e = d.get("elapsedSeconds")
        rows.append(("10,000 handshakes in ≤ 2 s at 64 in flight",
                     f"{fmt(e, ' s')} ({fmt(d.get('handshakesPerSecond'), '/s')}, mean in flight {fmt(d.get('meanInFlight'))})",
                     verdict(e is not None and e <= 2)))
    if echo:
        r = echo["ratios"].get("plain-udp", {})
        x = r.get("receivedPerSecond")
        rows.append(("echo ≥ 0.6× plain UDP (100 B, window 4)", fmt(x, "×"), verdict(x is not None and x >= 0.6)))
        for side in ("client", "server"):
            y = r.get(f"{side}CpuUsPerRoundTrip")
            rows.append((f"{side} CPU per round trip ≤ 1.6× plain UDP", fmt(y, "×"), verdict(y is not None and y <= 1.6)))
        prof = load(out, "profile-echo-server.txt") or ""
        carriers = re.search(r"thread\s+([\d.]+)%\s+scheduler carriers", prof)
        if carriers:
            rows.append(("… the server's virtual-thread scheduling (carriers outside any virtual thread, echo JFR)",
                         f"{carriers.group(1)}% of its Java samples", "one hand-off per datagram: see the echo profile"))
    if hold:
        d = figures(hold, "dtlskit")
        for side in ("client", "server"):
            b = d.get(f"{side}HeapPerAssociationBytes")
            rows.append((f"{side} heap per held association ≤ 12 KiB", fmt(b / 1024 if b else None, " KiB"),
                         verdict(b is not None and b <= 12 * 1024)))
        t = max(d.get("clientPlatformThreads") or 0, d.get("serverPlatformThreads") or 0)
        rows.append(("10,000 held on ≤ 16 platform threads (each side)",
                     f"{d.get('established'):,} held; {d.get('clientPlatformThreads')} client, "
                     f"{d.get('serverPlatformThreads')} server", verdict(t <= 16 and d.get("established") == 10000)))
    if jars:
        sizes = dict(line.split() for line in jars.splitlines())
        size = int(sizes.get("dtlskit-app/target/dtlskit.jar", 0))
        rows.append(("CLI jar without benchmark dependencies", f"{size / 1e6:.1f} MB (`dtlskit.jar`)", "**met** (checked by BenchAbsentTest)"))
    if startup:
        a, b = startup["java-jar"]["firstClientHelloMs"], startup["appcds"]["firstClientHelloMs"]
        rows.append(("AppCDS in the launcher if it halves the time to the first ClientHello",
                     f"{a:.0f} → {b:.0f} ms ({b / a:.2f}×)",
                     "halves it: the launcher should use it" if b <= a / 2 else "does not halve it: not used"))
    lines = ["| target (issue 16) | measured in this run | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def jmh(out):
    data = load(out, "jmh.json")
    if not data:
        return "(JMH did not run)"
    lines = ["| benchmark | parameters | score | ± error | unit |", "|---|---|---|---|---|"]
    scores = {}
    for b in data:
        name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
        params = ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items() if k != "suite")
        m = b["primaryMetric"]
        lines.append(f"| {name} | {params} | {m['score']:,.2f} | {m['scoreError']:,.2f} | {m['scoreUnit']} |")
        scores[(name, params)] = m["score"]
        pct = m.get("scorePercentiles") or {}
        if b.get("mode") == "sample" and pct:
            lines.append(f"| {name} p50 / p90 / p99 | {params} | {pct.get('50.0', 0):,.0f} / {pct.get('90.0', 0):,.0f} / "
                         f"{pct.get('99.0', 0):,.0f} | | {m['scoreUnit']} |")
    ratios = []
    for (name, params), score in scores.items():
        if name.startswith("HandshakeCryptoBenchmark") and "crypto=lean" in params:
            before = scores.get((name, params.replace("crypto=lean", "crypto=before")))
            if before:
                ratios.append(f"- JDK digests, {params.replace('crypto=lean, ', '')}: {before:.1f} → {score:.1f} µs per "
                              f"handshake side ({score / before:.2f}×)")
    ab = load(out, "crypto-ab.txt")
    if ab:
        ratios.append("")
        ratios.append("The same change measured as this thread's CPU time, 2,000 handshake sides per batch, "
                      "batches of each interleaved, median (`java -cp dtlskit-bench.jar "
                      "io.dtlskit.bench.jmh.HandshakeCryptoBenchmark`):")
        ratios.append("")
        for line in ab.splitlines():
            r = json.loads(line)
            ratios.append(f"- {r['prf']}: {r['beforeCpuUs']:.1f} → {r['leanCpuUs']:.1f} µs CPU per handshake side "
                          f"({r['ratio']:.2f}×, median of {r['batches']} batches)")
    return "\n".join(lines + [""] + ratios)


def startup_table(out):
    s = load(out, "startup.json")
    if not s:
        return "(startup did not run)"
    lines = ["| how | first ClientHello | to exit 0 (wall) | to exit 0 (CPU) | command |", "|---|---|---|---|---|"]
    for k, v in s.items():
        lines.append(f"| {k} | {v['firstClientHelloMs']:.0f} ms | {v['toExitMs']:.0f} ms | {v['toExitCpuMs']:.0f} ms | "
                     f"`{v['command']}` |")
    lines.append("")
    lines.append(f"Medians of {next(iter(s.values()))['runs']} runs each, interleaved.")
    return "\n".join(lines)


def code(out, name):
    text = load(out, name)
    return "```\n" + (text or "(missing)") + "\n```"


def run_line(out):
    commit = (load(out, "commit.txt") or "? ?").split()
    machine = (load(out, "handshakes.json") or load(out, "pairs.json") or {}).get("machine", {})
    return (f"One run of `dtlskit-bench/run-benchmarks.sh`, started {load(out, 'started.txt')}, at commit "
            f"`{commit[0]}` ({'with uncommitted changes' if commit[-1] == 'dirty' else 'clean tree'}), "
            f"{load(out, 'seconds.txt')} s in all. Machine: {machine.get('cores')} cores ({machine.get('cpu')}), "
            f"{machine.get('jdk')}, {machine.get('os')}. Load (`uptime`) before: "
            f"`{(load(out, 'load-before.txt') or '').split('load average:')[-1].strip()}`, after: "
            f"`{(load(out, 'load-after.txt') or '').split('load average:')[-1].strip()}`.")


def main():
    out = sys.argv[1]
    values = {
        "run": run_line(out),
        "headline": headline(out),
        "jmh": jmh(out),
        "startup": startup_table(out),
        "profile-server": code(out, "profile-server.txt"),
        "profile-client": code(out, "profile-client.txt"),
        "profile-echo-server": code(out, "profile-echo-server.txt"),
        "profile-echo-client": code(out, "profile-echo-client.txt"),
        "jars": code(out, "jars.txt"),
    }
    for name in ("pairs", "handshakes", "handshakes-resume", "handshakes-sequential", "echo", "hold-10000", "hold-1000-californium"):
        report = load(out, name + ".json")
        values[name] = table(report) if report else f"({name} did not run)"
    with open(TEMPLATE) as f:
        text = f.read()
    missing = set(re.findall(r"\{\{([a-z0-9-]+)\}\}", text)) - set(values)
    if missing:
        raise SystemExit(f"template placeholders without values: {sorted(missing)}")
    sys.stdout.write(re.sub(r"\{\{([a-z0-9-]+)\}\}", lambda m: values[m.group(1)], text))


if __name__ == "__main__":
    main()
