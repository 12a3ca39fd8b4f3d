#!/usr/bin/env python3
"""Startup of the CLI: time from launch to the first ClientHello on the wire, and to exit 0.

Usage: startup.py [--runs N] [--label NAME] -- COMMAND ...
COMMAND is the client command line without its --server option, e.g.
    startup.py -- ./dtlskit client --pings 1
For "first ClientHello" a UDP socket on 127.0.0.1 that never answers receives the client's first
datagram (the ClientHello, RFC 6347 §4.2.1); the clock runs from just before the process is started
to the datagram's arrival, then the client is killed. For "to exit" a dtlskit server started once
answers, and the clock runs from start to exit (a full handshake, one ping and its reply, close).
Prints the median and the spread of N runs of each; nothing is warmed first except the OS caches.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time


def first_client_hello(cmd):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(60)
    port = s.getsockname()[1]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + ["--server", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        s.recvfrom(4096)
        return time.monotonic() - t0
    finally:
        p.kill()
        p.wait()
        s.close()


def to_exit(cmd, server):
    t0 = time.monotonic()
    r = subprocess.run(cmd + ["--server", server], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {r.returncode}")
    return time.monotonic() - t0


def start_server(jar):
    p = subprocess.Popen(["java", "-jar", jar, "server", "--bind", "127.0.0.1:0", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        event = json.loads(line)
        if event.get("event") == "Listening":
            return p, event["address"]
    raise SystemExit("server did not start")


def summary(name, values):
    ms = sorted(v * 1000 for v in values)
    return f"{name}: median {statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f}, {len(ms)} runs)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--label", default="")
    ap.add_argument("--server-jar", default="dtlskit-app/target/dtlskit.jar")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    hello = [first_client_hello(cmd) for _ in range(a.runs)]
    server, address = start_server(a.server_jar)
    try:
        done = [to_exit(cmd, address) for _ in range(a.runs)]
    finally:
        server.kill()
        server.wait()
    label = a.label or " ".join(cmd)
    print(summary(f"{label} | first ClientHello", hello))
    print(summary(f"{label} | to exit 0 (handshake, 1 ping, reply, close)", done))


if __name__ == "__main__":
    main()
