#!/usr/bin/env bash
# Regenerates docs/benchmarks.md from one run of every benchmark (631 s at load 12-20 on 2 cores, build included).
#
#   dtlskit-bench/run-benchmarks.sh [OUTPUT_DIR]     (default target/bench-results)
#
# Builds every module (package, no tests), then runs, one after the other, each writing its JSON and
# table into OUTPUT_DIR: the cross pairs, handshakes at 64 in flight and sequential, echo, hold, a JFR
# profile of the handshake on both sides, the JMH micro-benchmarks, CLI startup and the jar sizes.
# Last, scripts/render-benchmarks.py turns OUTPUT_DIR into docs/benchmarks.md (the analysis text is
# in dtlskit-bench/benchmarks-template.md). Run it on a quiet machine: every figure is one run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mkdir -p "${1:-target/bench-results}" && cd "${1:-target/bench-results}" && pwd)"
rm -rf "$out"/*.json "$out"/*.txt "$out"/jfr "$out"/jfr-echo

# The launcher's JDK choice (JAVA_HOME, PATH, /usr/lib/jvm; 21 or newer).
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" ]]; then
  for c in /usr/lib/jvm/*/bin/javac; do
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$c")/../release" 2>/dev/null || true)"
    if [[ -n "$v" && "$v" -ge 21 ]]; then export JAVA_HOME="$(cd "$(dirname "$c")/.." && pwd)"; break; fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

started=$(date +%s)
echo "building ..." >&2
mvn -q -B -DskipTests package
git rev-parse --short HEAD > "$out/commit.txt"
{ git status --porcelain --untracked-files=no | grep -q . && echo dirty || echo clean; } >> "$out/commit.txt"
date -u '+%Y-%m-%d %H:%M UTC' > "$out/started.txt"
uptime > "$out/load-before.txt"

jar=dtlskit-bench/target/dtlskit-bench.jar
bench() { # name, then the bench arguments
  local name="$1"; shift
  echo "bench $* ..." >&2
  java -jar "$jar" bench "$@" --quiet --json-file "$out/$name.json" | tee "$out/$name.txt"
}

bench pairs pairs -n 5000 --warmup 2000 --concurrency 64
bench handshakes handshakes -n 10000 --warmup 2000 --concurrency 64 --baseline plain-udp --baseline californium
bench handshakes-resume handshakes --resume -n 2000 --warmup 500 --concurrency 64 --baseline californium
bench handshakes-sequential handshakes -n 2000 --warmup 2000 --concurrency 1 --baseline californium
bench echo echo -n 100 --duration 10s --warmup-time 3s --payload 100 --window 4 --baseline plain-udp --baseline californium
bench hold-10000 hold -n 10000 --concurrency 256 --baseline plain-udp
bench hold-1000-californium hold -n 1000 --concurrency 64 --baseline californium

# Where the handshake's CPU goes, both JVMs: JFR (1 ms sampling) over the measured window only.
echo "profiling handshakes ..." >&2
java -jar "$jar" bench handshakes -n 5000 --warmup 2000 --concurrency 64 --quiet --jfr "$out/jfr" \
  --json-file "$out/profile-run.json" > "$out/profile-run.txt"
frames=(JdkDigest BcTlsSecret.prf DTLSRecordLayer.receive DTLSReliableHandshake.implReceiveMessage
        Cipher.getInstance SecureRandom Reactor. QueueTransport. VirtualThread.park)
for side in server client; do
  python3 dtlskit-bench/scripts/jfr-shares.py "$out/jfr/dtlskit-$side.jfr" "${frames[@]}" > "$out/profile-$side.txt"
done

# JMH: handshake hashing before/after the JDK digests, record protection per provider, warm sequential handshake.
echo "JMH ..." >&2
java -cp "$jar" org.openjdk.jmh.Main HandshakeCryptoBenchmark RecordBenchmark HandshakeBenchmark \
  -rf json -rff "$out/jmh.json" > "$out/jmh.txt"

# Where the echo's CPU goes, both JVMs, the same way.
echo "profiling echo ..." >&2
java -jar "$jar" bench echo -n 100 --duration 6s --warmup-time 2s --payload 100 --window 4 --quiet \
  --jfr "$out/jfr-echo" --json-file "$out/profile-echo-run.json" > "$out/profile-echo-run.txt"
frames=('LeanCrypto$JdkGcm' JdkGcm.init JdkGcm.doFinal TlsAEADCipher QueueTransport. InboundQueue Reactor.
        VirtualThread.park VirtualThread.unpark ForkJoinPool.deactivate DatagramChannelImpl.send)
for side in server client; do
  python3 dtlskit-bench/scripts/jfr-shares.py "$out/jfr-echo/dtlskit-$side.jfr" "${frames[@]}" > "$out/profile-echo-$side.txt"
done

# The JDK digests' gain once more, as CPU time of interleaved batches (robust to a loaded machine).
java -cp "$jar" io.dtlskit.bench.jmh.HandshakeCryptoBenchmark > "$out/crypto-ab.txt"

# CLI startup: launch to first ClientHello, and to exit 0, through the launcher and with AppCDS.
echo "startup ..." >&2
python3 dtlskit-bench/scripts/startup.py --runs 7 --out "$out/startup.json"

stat -c '%n %s' dtlskit-app/target/dtlskit.jar "$jar" > "$out/jars.txt"
uptime > "$out/load-after.txt"
echo $(( $(date +%s) - started )) > "$out/seconds.txt"
python3 dtlskit-bench/scripts/render-benchmarks.py "$out" > docs/benchmarks.md
echo "docs/benchmarks.md regenerated from $out in $(cat "$out/seconds.txt") s" >&2
