#!/usr/bin/env python3
"""Inclusive and self shares of JFR execution samples, and allocation by class.

Usage: jfr-shares.py RECORDING.jfr [FRAME_SUBSTRING ...]
Prints the samples by kind of thread (association threads, the virtual-thread scheduler's carriers
outside any virtual thread, the reactor, the rest), the top self frames, the inclusive share of each
FRAME_SUBSTRING (samples with a matching frame anywhere on the stack), and the top allocated classes
(jdk.ObjectAllocationSample weights). Execution samples cover Java code only: time in system calls
and in the JVM's own threads (GC, JIT) is not in them.
Needs `jfr` (the JDK's) on PATH.
"""
import collections
import re
import subprocess
import sys


def events(recording, name, depth):
    out = subprocess.run(["jfr", "print", "--events", name, "--stack-depth", str(depth), recording],
                         check=True, capture_output=True, text=True).stdout
    return out.split(name + " {")[1:]


def frames(event):
    m = re.search(r"stackTrace = \[(.*?)\n\s*\]", event, re.S)
    if not m:
        return []
    return [re.sub(r"\s+line:.*$", "", f.strip()) for f in m.group(1).split("\n") if f.strip() and f.strip() != "..."]


THREAD_KINDS = [
    ("association threads (virtual)", re.compile(r"dtlskit-(server-session|association)")),
    ("scheduler carriers, outside any virtual thread", re.compile(r"ForkJoinPool-\d+-worker")),
    ("reactor", re.compile(r"reactor")),
]


def thread_kind(event):
    m = re.search(r'sampledThread = "([^"]*)"', event)
    name = m.group(1) if m else ""
    for kind, pattern in THREAD_KINDS:
        if pattern.search(name):
            return kind
    return "other (bench, JFR, main)"


def main():
    recording, wanted = sys.argv[1], sys.argv[2:]
    raw = [e for e in events(recording, "jdk.ExecutionSample", 96) if frames(e)]
    samples = [frames(e) for e in raw]
    n = len(samples)
    print(f"{recording}: {n} execution samples")
    kinds = collections.Counter(thread_kind(e) for e in raw)
    for kind, _ in THREAD_KINDS + [("other (bench, JFR, main)", None)]:
        print(f"  thread {100.0 * kinds[kind] / max(1, n):5.1f}%  {kind}")
    top = collections.Counter(s[0] for s in samples)
    for f, c in top.most_common(15):
        print(f"  self {100.0 * c / n:5.1f}%  {f}")
    for w in wanted:
        c = sum(1 for s in samples if any(w in f for f in s))
        print(f"  incl {100.0 * c / max(1, n):5.1f}%  {w}")
    alloc = collections.Counter()
    for e in events(recording, "jdk.ObjectAllocationSample", 1):
        cls = re.search(r"objectClass = (\S+)", e)
        weight = re.search(r"weight = ([\d.]+) (\w+)", e)
        if cls and weight:
            scale = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}.get(weight.group(2), 1)
            alloc[cls.group(1)] += float(weight.group(1)) * scale
    total = sum(alloc.values())
    if total:
        print(f"  allocation samples: {total / 1e6:.1f} MB estimated in total")
        for c, b in alloc.most_common(8):
            print(f"  alloc {100.0 * b / total:5.1f}%  {c}")


if __name__ == "__main__":
    main()
