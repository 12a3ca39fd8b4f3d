#!/usr/bin/env bash
# Runs every figure of docs/benchmarks.md once, in one go, and keeps the tables and JSON reports.
# Usage: dtlskit-bench/run-benchmarks.sh [OUTPUT_DIR]   (Java 21+ as `java`, or JAVA_HOME set)
# Build first: mvn -q -B -pl dtlskit-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-target/bench-results}"
mkdir -p "$out"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=dtlskit-bench/target/dtlskit-bench.jar
uptime | tee "$out/load-before.txt"
"$java" -jar "$jar" handshakes -n 5000 --warmup 2000 --concurrency 64 --baseline californium --baseline plain-udp --quiet --json-file "$out/handshakes.json" | tee "$out/handshakes.txt"
"$java" -jar "$jar" handshakes -n 2000 --warmup 2000 --concurrency 1 --baseline californium --quiet --json-file "$out/handshakes-sequential.json" | tee "$out/handshakes-sequential.txt"
"$java" -jar "$jar" echo -n 100 --duration 10s --warmup-time 3s --payload 100 --window 4 --baseline plain-udp --baseline californium --quiet --json-file "$out/echo.json" | tee "$out/echo.txt"
"$java" -jar "$jar" hold -n 10000 --concurrency 256 --baseline plain-udp --quiet --json-file "$out/hold-10000.json" | tee "$out/hold-10000.txt"
"$java" -jar "$jar" hold -n 1000 --concurrency 64 --baseline californium --quiet --json-file "$out/hold-1000-californium.json" | tee "$out/hold-1000-californium.txt"
# JMH: record protection through the engines (per crypto provider) and warm sequential handshake latency.
"$java" -cp "$jar" org.openjdk.jmh.Main RecordBenchmark HandshakeBenchmark -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
uptime | tee "$out/load-after.txt"
