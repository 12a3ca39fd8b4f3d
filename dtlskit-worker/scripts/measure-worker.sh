#!/usr/bin/env bash
# What one simulated device costs a dtlskit Locust worker, measured under a real Locust master and a
# real dtlskit server on this machine (figures for docs/scale-out.md):
#   - worker CPU per full handshake and per echo round trip (two runs, solved for both unknowns),
#   - worker heap per held device (after a full GC, minus the worker's heap before the test).
# Usage: dtlskit-worker/scripts/measure-worker.sh [OUTDIR]   (needs locust on PATH; ~2.5 minutes)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-target/scale-out}"
mkdir -p "$out"
./dtlskit --version >/dev/null              # builds the jars if needed, finds a JDK
./dtlskit bench worker --help >/dev/null   # the worker lives in dtlskit-bench.jar
tck="$(getconf CLK_TCK)"
dtls_port=22390
master_port=5590

# Every process started here is listed in $pids (run() runs in a subshell, so a file, not an array)
# and ended on exit, however the script ends.
pids="$out/pids"
: >"$pids"
trap 'while read -r p; do kill "$p" 2>/dev/null || true; done <"$pids"' EXIT
./dtlskit server --bind "127.0.0.1:$dtls_port" >"$out/server.log" 2>&1 &
echo $! >>"$pids"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo ""; }
heap_kib() { # used heap after a full GC, KiB (jcmd of the JDK the process runs on)
  local jcmd; jcmd="$(dirname "$(readlink "/proc/$1/exe")")/jcmd"
  "$jcmd" "$1" GC.run >/dev/null
  "$jcmd" "$1" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1
}
wait_for() { # file text seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "measure: '$2' did not appear in $1" >&2; return 1
}

# run NAME USERS RATE SECONDS HEAP_AT WORKER_ARGS...: prints "cpu_seconds handshakes echoes failures heap_kib_delta"
run() {
  local name=$1 users=$2 rate=$3 secs=$4 heap_at=$5; shift 5
  locust -f dtlskit-worker/locustfile.py --master --master-bind-host 127.0.0.1 --master-bind-port "$master_port" \
    --headless --expect-workers 1 -u "$users" -r "$rate" -t "${secs}s" --csv "$out/$name" >"$out/$name-master.log" 2>&1 &
  local master=$!
  echo "$master" >>"$pids"
  ./dtlskit bench worker --master "127.0.0.1:$master_port" --server "127.0.0.1:$dtls_port" "$@" \
    >"$out/$name-worker.log" 2>&1 &
  local worker=$!
  echo "$worker" >>"$pids"
  wait_for "$out/$name-worker.log" "joined as worker" 120 || { kill "$master" "$worker" 2>/dev/null; exit 1; }
  local heap0 cpu0 heap1="" last
  heap0=$(heap_kib "$worker")
  cpu0=$(cpu_ticks "$worker")
  local start=$SECONDS
  last=$cpu0
  while kill -0 "$worker" 2>/dev/null; do
    local c; c=$(cpu_ticks "$worker"); [[ -n "$c" ]] && last=$c
    if [[ -n "$heap_at" && -z "$heap1" && $((SECONDS - start)) -ge "$heap_at" ]]; then
      local before after
      before=$(cpu_ticks "$worker"); heap1=$(heap_kib "$worker"); after=$(cpu_ticks "$worker")
      cpu0=$((cpu0 + after - before)) # the forced GC's CPU is not the devices'
      last=$after
    fi
    sleep 0.2
  done
  wait "$master" || true
  local h e f
  h=$(awk -F, '$2=="handshake"{print $3}' "$out/${name}_stats.csv")
  e=$(awk -F, '$2=="echo"{print $3}' "$out/${name}_stats.csv")
  f=$(awk -F, '$2=="Aggregated"{print $4}' "$out/${name}_stats.csv")
  echo "$(awk -v a="$last" -v b="$cpu0" -v t="$tck" 'BEGIN{printf "%.2f", (a-b)/t}') ${h:-0} ${e:-0} ${f:-0} $(( ${heap1:-$heap0} - heap0 ))"
}

echo "measure: load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# A: churn, each user loops handshake, one echo, close_notify.
read -r cpu_a h_a e_a f_a _ < <(run churn 32 32 40 "" --echoes-per-association 1 --echo-interval 0s)
[[ -n "${cpu_a:-}" ]] || exit 1
# B: 2,000 held associations, each echoing every 2 s (1,000 echoes/s); heap measured at 40 s.
read -r cpu_b h_b e_b f_b heap_b < <(run hold 2000 200 60 40 --echoes-per-association 0 --echo-interval 2s)
[[ -n "${cpu_b:-}" ]] || exit 1
echo "measure: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

awk -v ca="$cpu_a" -v ha="$h_a" -v ea="$e_a" -v cb="$cpu_b" -v hb="$h_b" -v eb="$e_b" -v hk="$heap_b" \
    -v fa="$f_a" -v fb="$f_b" 'BEGIN {
  # ca = x*ha + y*ea ; cb = x*hb + y*eb  (x: CPU s per handshake, y: CPU s per echo)
  det = ha*eb - hb*ea
  x = (ca*eb - cb*ea) / det; y = (ha*cb - hb*ca) / det
  printf "churn: %d handshakes, %d echoes, %d failures, worker CPU %.2f s\n", ha, ea, fa, ca
  printf "hold:  %d handshakes, %d echoes, %d failures, worker CPU %.2f s\n", hb, eb, fb, cb
  printf "worker CPU per full handshake: %.0f us\n", x * 1e6
  printf "worker CPU per echo round trip: %.1f us\n", y * 1e6
  printf "worker heap per held device: %.1f KiB (%d KiB for %d devices)\n", hk / hb, hk, hb
}'
