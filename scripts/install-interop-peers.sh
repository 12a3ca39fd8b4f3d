#!/usr/bin/env bash
# Installs the real DTLS peers the interop matrix (dtlskit-interop) runs against:
#   - GnuTLS (gnutls-serv, gnutls-cli) and tshark from Debian's packages;
#   - mbedTLS 2.28's ssl_server2/ssl_client2, built from Debian's source package into a cache
#     folder outside the repository ($DTLSKIT_PEERS_DIR, default /var/cache/dtlskit-peers);
#   - wolfSSL 5.5: Debian's libwolfssl-dev and our own small peer program
#     (dtlskit-interop/peers/wolfssl/dtlskit-wolfssl-peer.c, Debian ships no wolfSSL examples),
#     compiled into the same folder.
# OpenSSL 3.0 is already on the machine. Idempotent and non-interactive; run as root.
# Prints the path of the mbedTLS programs folder on its last line ("MBEDTLS_PROGRAMS=...").
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
PEERS_DIR="${DTLSKIT_PEERS_DIR:-/var/cache/dtlskit-peers}"
start=$(date +%s)

log() { printf 'install-interop-peers: %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root (apt-get install)"; exit 1
fi

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

# 1. deb-src entries, needed by `apt-get source`. Debian 12 ships deb822 sources
#    (/etc/apt/sources.list.d/debian.sources, "Types: deb"); older images use sources.list lines.
#    We never edit the machine's files: a separate file mirrors each binary entry as deb-src.
SRC_FILE=/etc/apt/sources.list.d/dtlskit-deb-src.sources
SRC_LIST=/etc/apt/sources.list.d/dtlskit-deb-src.list
has_deb_src() {
  grep -rqsE '^[[:space:]]*Types:.*deb-src' /etc/apt/sources.list.d/*.sources \
    || grep -rqsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list
}
if ! has_deb_src; then
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    log "adding deb-src entries ($SRC_FILE) mirroring debian.sources"
    # Keep only the stanzas with "Types: deb"; turn them into deb-src.
    awk 'BEGIN{RS=""; ORS="\n\n"} /(^|\n)Types:[[:space:]]*deb([[:space:]]|$)/ {
           sub(/Types:[[:space:]]*deb/, "Types: deb-src"); print }' \
      /etc/apt/sources.list.d/debian.sources > "$SRC_FILE"
  elif [[ -f /etc/apt/sources.list ]]; then
    log "adding deb-src entries ($SRC_LIST) mirroring sources.list"
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list > "$SRC_LIST"
  else
    log "no Debian source list found; cannot enable deb-src"; exit 1
  fi
  apt_updated=0   # the new entries need a fresh update
fi

# 2. Binary packages.
need_pkgs=()
command -v gnutls-serv >/dev/null 2>&1 || need_pkgs+=(gnutls-bin)
command -v tshark >/dev/null 2>&1 || need_pkgs+=(tshark)
command -v dpkg-source >/dev/null 2>&1 || need_pkgs+=(dpkg-dev)
command -v make >/dev/null 2>&1 || need_pkgs+=(make)
command -v cc >/dev/null 2>&1 || need_pkgs+=(gcc)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
dpkg -s libwolfssl-dev >/dev/null 2>&1 || need_pkgs+=(libwolfssl-dev)
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  apt_update_once
  # tshark asks whether non-root users may capture: answer "no" up front.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  log "apt-get install ${need_pkgs[*]}"
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# 3. mbedTLS test programs from the Debian source package.
mkdir -p "$PEERS_DIR"
find_mbedtls_programs() {
  local d
  for d in "$PEERS_DIR"/mbedtls-*/programs/ssl; do
    if [[ -x "$d/ssl_server2" && -x "$d/ssl_client2" ]]; then echo "$d"; return 0; fi
  done
  return 1
}
if ! prog_dir=$(find_mbedtls_programs); then
  src_dir=$(find "$PEERS_DIR" -maxdepth 1 -type d -name 'mbedtls-*' | head -n 1)
  if [[ -z "$src_dir" ]]; then
    apt_update_once
    log "apt-get source mbedtls into $PEERS_DIR"
    # apt downloads as its sandbox user _apt, which needs to write there (else it warns and runs as root).
    if id _apt >/dev/null 2>&1; then chown _apt:root "$PEERS_DIR"; fi
    (cd "$PEERS_DIR" && apt-get source -qq mbedtls >/dev/null)
    src_dir=$(find "$PEERS_DIR" -maxdepth 1 -type d -name 'mbedtls-*' | head -n 1)
  fi
  [[ -n "$src_dir" ]] || { log "apt-get source mbedtls produced no folder"; exit 1; }
  # Only the two programs we run (the library, then ssl_server2/ssl_client2): a quarter less
  # compiling than `make programs`; that is the fallback if the targeted build fails.
  log "make lib + programs/ssl/ssl_server2, ssl_client2 in $src_dir"
  if ! { make -C "$src_dir" -j"$(nproc)" lib \
         && make -C "$src_dir/programs" -j"$(nproc)" ssl/ssl_server2 ssl/ssl_client2; } \
       >"$PEERS_DIR/make-programs.log" 2>&1; then
    log "targeted build failed; make programs"
    make -C "$src_dir" -j"$(nproc)" programs >>"$PEERS_DIR/make-programs.log" 2>&1 \
      || { tail -n 40 "$PEERS_DIR/make-programs.log" >&2; exit 1; }
  fi
  prog_dir=$(find_mbedtls_programs) || { log "ssl_server2/ssl_client2 not built"; exit 1; }
fi

# 4. The wolfSSL peer, rebuilt when its source is newer than the program (or the program is missing).
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wolfssl_src="$repo_dir/dtlskit-interop/peers/wolfssl/dtlskit-wolfssl-peer.c"
wolfssl_peer="$PEERS_DIR/dtlskit-wolfssl-peer"
if [[ ! -x "$wolfssl_peer" || "$wolfssl_src" -nt "$wolfssl_peer" ]]; then
  log "cc $wolfssl_src -> $wolfssl_peer"
  cc -O2 -Wall -o "$wolfssl_peer.tmp" "$wolfssl_src" -lwolfssl
  mv -f "$wolfssl_peer.tmp" "$wolfssl_peer"
fi

log "wolfssl: $(dpkg-query -W -f='${Version}' libwolfssl-dev) ($wolfssl_peer)"
log "gnutls: $(gnutls-cli --version 2>/dev/null | head -n 1)"
log "tshark: $(tshark --version 2>/dev/null | head -n 1)"
log "openssl: $(openssl version)"
log "mbedtls programs: $prog_dir"
log "done in $(( $(date +%s) - start )) s"
echo "MBEDTLS_PROGRAMS=$prog_dir"
