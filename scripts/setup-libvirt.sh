#!/usr/bin/env bash
# Installs libvirt + QEMU and starts a system libvirtd (with virtlogd) for
# virtwire's live tests, on Debian 12 as root, without systemd.
# Idempotent: runs again safely; starts only what is not already running.
#
# Usage: sudo scripts/setup-libvirt.sh [--install-only | --no-install] [--no-bench]
#   --install-only  install packages, accounts and config; start nothing
#   --no-install    skip apt (packages must already be there)
#   --no-bench      skip python3-libvirt and libsys-virt-perl (peer clients for benchmarks)
# Environment: VIRTWIRE_WAIT_SECS (default 15) bounds each readiness wait.
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
export DEBIAN_FRONTEND=noninteractive
# Clients probing the daemon must not be redirected by the caller's environment.
unset LIBVIRT_DEFAULT_URI

MARK="# written by virtwire scripts/setup-libvirt.sh"
STATE_DIR=/run/virtwire
STATE_FILE=$STATE_DIR/started-by-setup
SYS_CONF=/etc/libvirt/libvirtd.conf
PRIVATE_CONF=/etc/libvirt/virtwire-libvirtd.conf
LIBVIRTD_PIDFILE=/run/libvirtd.pid
VIRTLOGD_PIDFILE=/run/virtlogd.pid
SOCK_DIR=/run/libvirt
WAIT_SECS=${VIRTWIRE_WAIT_SECS:-15}

do_install=1
do_start=1
with_bench=1
for arg in "$@"; do
  case "$arg" in
    --install-only) do_start=0 ;;
    --no-install) do_install=0 ;;
    --no-bench) with_bench=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup-libvirt: unknown option $arg" >&2; exit 2 ;;
  esac
done

SCRIPT=setup-libvirt
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root

# --- packages ---------------------------------------------------------------
PKGS=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
      qemu-utils libvirt-dev busybox-static)
if [ "$with_bench" -eq 1 ]; then PKGS+=(python3-libvirt libsys-virt-perl); fi

if [ "$do_install" -eq 1 ]; then ensure_packages "${PKGS[@]}"; fi
for bin in libvirtd virtlogd virsh qemu-system-x86_64 qemu-img; do
  command -v "$bin" >/dev/null || die "$bin not found (run without --no-install)"
done

# --- directories and accounts ----------------------------------------------
for d in /var/log/libvirt /var/log/libvirt/qemu /var/run/libvirt /var/lib/libvirt/images /var/cache/libvirt; do
  if [ ! -d "$d" ]; then mkdir -p "$d"; say "created $d"; fi
done
# The QEMU driver resolves its built-in default user and group (both named
# libvirt-qemu in Debian's build) before reading qemu.conf; without them it fails
# to initialise. libvirt-daemon-system normally creates them (user in group kvm).
for g in kvm libvirt-qemu; do
  if ! getent group "$g" >/dev/null; then groupadd --system "$g"; say "created group $g"; fi
done
if ! getent passwd libvirt-qemu >/dev/null; then
  useradd --system --gid kvm --groups libvirt-qemu --home-dir /var/lib/libvirt \
    --no-create-home --shell /usr/sbin/nologin --comment "Libvirt Qemu" libvirt-qemu
  say "created user libvirt-qemu"
fi

# --- libvirtd config ---------------------------------------------------------
conf_text() {
  cat <<EOF
$MARK
# Loopback-only TCP without authentication, for tests: anyone on this machine
# can manage libvirt through 127.0.0.1:16509; only root can use the read-write
# socket. Rewritten on every run while this first line is here; delete the
# line to keep your own edits.
EOF
  test_daemon_conf 127.0.0.1
}

# Ours if absent or marked; a user's real config is never touched.
if [ ! -e "$SYS_CONF" ] || head -n1 "$SYS_CONF" | grep -qxF "$MARK"; then
  CONF=$SYS_CONF
else
  CONF=$PRIVATE_CONF
  say "$SYS_CONF belongs to someone else: using $CONF"
fi
if [ -e "$CONF" ] && [ "$(conf_text)" = "$(cat "$CONF")" ]; then
  say "$CONF up to date"
else
  mkdir -p "$(dirname "$CONF")"
  conf_text >"$CONF.tmp.$$" && mv -f "$CONF.tmp.$$" "$CONF"
  conf_changed=1
  say "wrote $CONF"
fi

# QEMU driver: no ownership remembering (xattrs). Test guests of several daemons
# (two-host rig, newer libvirt versions) share one kernel and initramfs; with
# remember_owner each daemon refuses files another one has labelled.
QEMU_CONF=/etc/libvirt/qemu.conf
qemu_conf_text() {
  printf '%s\nremember_owner = 0\n' "$MARK"
}
if [ ! -e "$QEMU_CONF" ] || head -n1 "$QEMU_CONF" | grep -qxF "$MARK"; then
  if [ ! -e "$QEMU_CONF" ] || [ "$(qemu_conf_text)" != "$(cat "$QEMU_CONF")" ]; then
    qemu_conf_text >"$QEMU_CONF.tmp.$$" && mv -f "$QEMU_CONF.tmp.$$" "$QEMU_CONF"
    conf_changed=1
    say "wrote $QEMU_CONF"
  fi
else
  say "$QEMU_CONF belongs to someone else: left alone (set remember_owner = 0 there for the tests)"
fi

if [ "$do_start" -eq 0 ]; then
  say "--install-only: not starting daemons"
  exit 0
fi

# --- daemons -----------------------------------------------------------------
# pid from a pidfile if that process is alive and is the named program.
pid_of() { # pidfile name
  local pid
  [ -r "$1" ] || return 1
  pid=$(tr -dc '0-9' <"$1")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$2" ] && echo "$pid"
}

record_started() { # name pid pidfile
  mkdir -p "$STATE_DIR"
  grep -v "^$1 " "$STATE_FILE" 2>/dev/null >"$STATE_FILE.tmp" || true
  echo "$1 $2 $3" >>"$STATE_FILE.tmp"
  mv -f "$STATE_FILE.tmp" "$STATE_FILE"
}

# Daemons get a clean environment and no inherited stdio, so a CI runner
# waiting for its pipes to close is not held open by them.
start_daemon() { # name pidfile args...
  local name=$1 pidfile=$2 pid
  shift 2
  env -i PATH="$PATH" LANG=C.UTF-8 "$name" "$@" </dev/null >/dev/null 2>&1 ||
    die "$name failed to start (see /var/log/libvirt/)"
  for _ in $(seq 50); do
    pid=$(pid_of "$pidfile" "$name") && break
    sleep 0.1
  done
  [ -n "${pid:-}" ] || die "$name started but wrote no pidfile $pidfile"
  record_started "$name" "$pid" "$pidfile"
  say "started $name (pid $pid)"
}

log_tail() {
  echo "--- last lines of /var/log/libvirt/libvirtd.log:" >&2
  tail -n 15 /var/log/libvirt/libvirtd.log >&2 2>/dev/null || true
}

wait_for() { # uri
  local deadline=$((SECONDS + WAIT_SECS))
  until answers "$1"; do
    if [ -n "${started_libvirtd:-}" ] && ! [ -d "/proc/$started_libvirtd" ]; then
      log_tail
      die "libvirtd (pid $started_libvirtd) exited during start-up"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { log_tail; return 1; }
    sleep 0.1
  done
}

if pid=$(pid_of "$VIRTLOGD_PIDFILE" virtlogd); then
  say "virtlogd already running (pid $pid)"
else
  start_daemon virtlogd "$VIRTLOGD_PIDFILE" -d
fi

if pid=$(pid_of "$LIBVIRTD_PIDFILE" libvirtd); then
  say "libvirtd already running (pid $pid)"
  if [ "${conf_changed:-0}" -eq 1 ] && grep -q "^libvirtd $pid " "$STATE_FILE" 2>/dev/null; then
    say "config changed: restart to apply (scripts/stop-libvirt.sh; $0)"
  fi
elif [ -S "$SOCK_DIR/libvirt-sock" ] && answers test+unix:///default; then
  say "a libvirt daemon already answers on $SOCK_DIR/libvirt-sock (not started by this script)"
elif [ -S "$SOCK_DIR/virtqemud-sock" ] && answers qemu:///system; then
  # Modular daemons own the drivers; a libvirtd beside them would fight over state.
  die "modular daemons (virtqemud) are running: not starting libvirtd; live tests need virtproxyd listening on 127.0.0.1:16509"
else
  start_daemon libvirtd "$LIBVIRTD_PIDFILE" -d --listen -f "$CONF"
  started_libvirtd=$(pid_of "$LIBVIRTD_PIDFILE" libvirtd || true)
fi

wait_for test+unix:///default || die "libvirtd does not answer on $SOCK_DIR/libvirt-sock after ${WAIT_SECS}s"
say "test+unix:///default answers"
# First use of the QEMU driver probes the emulator's capabilities (a few seconds).
wait_for qemu:///system || die "qemu:///system does not answer after ${WAIT_SECS}s (see /var/log/libvirt/libvirtd.log)"
say "qemu:///system answers ($(virsh -q -c qemu:///system version | grep -i 'running hypervisor' | sed 's/.*: *//'))"
if answers test+tcp://127.0.0.1/default; then
  say "test+tcp://127.0.0.1/default answers"
else
  say "warning: nothing answers on 127.0.0.1:16509 (daemon not started by this script?); TCP live tests will skip"
fi
if [ -e /dev/kvm ]; then
  say "/dev/kvm present: guests may use type='kvm'"
else
  say "no /dev/kvm: guests must use type='qemu' (software emulation)"
fi
say "ready"
