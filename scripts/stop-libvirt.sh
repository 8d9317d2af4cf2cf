#!/usr/bin/env bash
# Stops the daemons that scripts/setup-libvirt.sh started (and nothing else).
# Transient test guests named virtwire-* are destroyed first unless
# --keep-guests is given; other guests are listed and left alone (QEMU keeps
# running without libvirtd, and a restarted libvirtd reattaches).
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
unset LIBVIRT_DEFAULT_URI
STATE_FILE=/run/virtwire/started-by-setup

keep_guests=0
for arg in "$@"; do
  case "$arg" in
    --keep-guests) keep_guests=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "stop-libvirt: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { echo "stop-libvirt: $*"; }
[ "$(id -u)" -eq 0 ] || { echo "stop-libvirt: must run as root" >&2; exit 1; }

if [ ! -s "$STATE_FILE" ]; then
  say "nothing was started by setup-libvirt.sh"
  exit 0
fi

alive() { # pid name
  [ "$(cat "/proc/$1/comm" 2>/dev/null || true)" = "$2" ]
}

if grep -q '^libvirtd ' "$STATE_FILE" && timeout 5 virsh -q -c qemu:///system version >/dev/null 2>&1; then
  running=$(virsh -q -c qemu:///system list --name 2>/dev/null || true)
  while read -r dom; do
    [ -n "$dom" ] || continue
    if [ "$keep_guests" -eq 0 ] && [[ "$dom" == virtwire-* ]]; then
      virsh -q -c qemu:///system destroy "$dom" >/dev/null 2>&1 && say "destroyed guest $dom"
    else
      say "guest $dom left running"
    fi
  done <<<"$running"
fi

# libvirtd before virtlogd: guests' logs go through virtlogd.
for name in libvirtd virtlogd; do
  line=$(grep "^$name " "$STATE_FILE" || true)
  [ -n "$line" ] || continue
  read -r _ pid pidfile <<<"$line"
  if alive "$pid" "$name"; then
    kill -TERM "$pid"
    for _ in $(seq 100); do alive "$pid" "$name" || break; sleep 0.1; done
    if alive "$pid" "$name"; then
      kill -KILL "$pid"
      say "$name (pid $pid) ignored SIGTERM: killed"
    else
      say "stopped $name (pid $pid)"
    fi
  else
    say "$name (pid $pid) was no longer running"
  fi
  rm -f "$pidfile"
  grep -v "^$name " "$STATE_FILE" >"$STATE_FILE.tmp" || true
  mv -f "$STATE_FILE.tmp" "$STATE_FILE"
done
