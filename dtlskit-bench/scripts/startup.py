#!/usr/bin/env python3
"""CLI startup: from launch to the first ClientHello on the wire, and to exit 0.

Usage (from the repository root, jars built): startup.py [--runs N] [--out FILE.json]

Three ways to start `dtlskit client --pings 1` are measured, interleaved run by run so that a change
in the machine's load hits all of them alike:
  launcher   ./dtlskit client ...                          (what a user types; a shell script first)
  java-jar   java -jar dtlskit-app/target/dtlskit.jar ...  (the JVM alone)
  appcds     java -XX:SharedArchiveFile=... -jar ...       (AppCDS archive of the classes this command
                                                            loads, made by one untimed run first)
"first ClientHello": a UDP socket on 127.0.0.1 that never answers receives the client's first datagram
(the ClientHello, RFC 6347 §4.2.1); the clock runs from just before the process starts to the
datagram's arrival, then the client is killed. "to exit": a dtlskit server started once answers; the
clock runs from start to exit 0 (full handshake with cookie, one ping, its reply, close_notify), and
the CPU time (user + system) of the process tree is reported too. Medians of N runs.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

JAR = "dtlskit-app/target/dtlskit.jar"


def first_client_hello(cmd):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(60)
    port = s.getsockname()[1]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + ["--server", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        s.recvfrom(4096)
        return time.monotonic() - t0
    finally:
        p.kill()
        p.wait()
        s.close()


def to_exit(cmd, server):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + ["--server", server], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def start_server():
    p = subprocess.Popen(["java", "-jar", JAR, "server", "--bind", "127.0.0.1:0", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        event = json.loads(line)
        if event.get("event") == "Listening":
            return p, event["address"]
    raise SystemExit("the dtlskit server did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out")
    a = ap.parse_args()
    archive_dir = tempfile.mkdtemp(prefix="dtlskit-cds-")
    archive = os.path.join(archive_dir, "dtlskit.jsa")
    client = ["client", "--pings", "1"]
    variants = {
        "launcher": ["./dtlskit"] + client,
        "java-jar": ["java", "-jar", JAR] + client,
        "appcds": ["java", "-XX:+AutoCreateSharedArchive", f"-XX:SharedArchiveFile={archive}", "-jar", JAR] + client,
    }
    server, address = start_server()
    try:
        to_exit(variants["appcds"], address)  # makes the archive (dumped at exit)
        hello = {k: [] for k in variants}
        wall = {k: [] for k in variants}
        cpu = {k: [] for k in variants}
        for _ in range(a.runs):
            for k, cmd in variants.items():
                hello[k].append(first_client_hello(cmd))
                w, c = to_exit(cmd, address)
                wall[k].append(w)
                cpu[k].append(c)
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(archive_dir, ignore_errors=True)
    result = {k: {"firstClientHelloMs": 1000 * statistics.median(hello[k]),
                  "toExitMs": 1000 * statistics.median(wall[k]),
                  "toExitCpuMs": 1000 * statistics.median(cpu[k]),
                  "runs": a.runs,
                  "command": " ".join(variants[k]).replace(archive, "ARCHIVE.jsa")} for k in variants}
    text = json.dumps(result, indent=2)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
