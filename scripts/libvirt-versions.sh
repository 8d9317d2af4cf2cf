#!/usr/bin/env bash
# Newer libvirt daemons beside the machine's own (9.0), for the version matrix:
# libvirt 11.x from Debian trixie and 12.x from Debian sid, each in a
# debootstrap folder, its libvirtd + virtlogd run chrooted inside a private
# mount + pid namespace.
#
# Usage: sudo scripts/libvirt-versions.sh build|start|stop|status|env [SUITE...]
#        sudo scripts/libvirt-versions.sh run SUITE COMMAND...
#   build   make each folder: restore the cached tarball (~1 s) or, without
#           one, debootstrap + apt-get (~35 s each) and write the cache
#   start   build if needed, then start the daemons (idempotent)
#   stop    stop what start started; the namespace's init dies last, taking
#           every process still inside (guests included) with it; idempotent
#   status  exit 0 when every SUITE's daemon answers
#   env     one line per built suite: SUITE LIBVIRT-VERSION RUNDIR
#   run     COMMAND as a client "on that host": in the daemon's network
#           namespace (its 127.0.0.1:16509 TCP listener, no auth) and a private
#           mount namespace with /run/libvirt bound to the folder's, so
#           qemu:///system, test+unix:///default and test+tcp://127.0.0.1 all
#           reach that daemon
# SUITE: trixie, sid (default: both).
# From the host: test+unix:///default?socket=ROOT/SUITE/run/libvirt/libvirt-sock
# (and qemu+unix:///system?socket=..., ...-sock-ro). The guest assets folder,
# /tmp and /var/log/libvirt/qemu are bind-mounted at the same paths inside, so
# test files and serial logs work unchanged.
# Environment: VIRTWIRE_VERSIONS_ROOT (default /var/lib/virtwire/versions),
# VIRTWIRE_VERSIONS_CACHE (default /var/cache/virtwire), VIRTWIRE_DEBIAN_MIRROR
# (default: the first Debian URI in this machine's apt sources),
# VIRTWIRE_WAIT_SECS (default 30).
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
export LC_ALL=C
unset LIBVIRT_DEFAULT_URI

ROOT=${VIRTWIRE_VERSIONS_ROOT:-/var/lib/virtwire/versions}
CACHE=${VIRTWIRE_VERSIONS_CACHE:-/var/cache/virtwire}
STATE=/run/virtwire/versions
GUEST_DIR=${VIRTWIRE_GUEST_DIR:-/var/lib/libvirt/images/virtwire}
WAIT_SECS=${VIRTWIRE_WAIT_SECS:-30}
# Bump when the build steps change: it names the cache tarball.
RECIPE=r2
ALL_SUITES=(trixie sid)

SCRIPT=libvirt-versions
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir_of() { echo "$ROOT/$1"; }
sock_of() { echo "$(dir_of "$1")/run/libvirt/libvirt-sock"; }
tarball_of() { echo "$CACHE/libvirt-$1-$RECIPE.tar.zst"; }

mirror() {
  if [ -n "${VIRTWIRE_DEBIAN_MIRROR:-}" ]; then echo "$VIRTWIRE_DEBIAN_MIRROR"; return; fi
  local m
  m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
  [ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) { print $i; exit } }')
  echo "${m:-http://deb.debian.org/debian}"
}

# --- processes -----------------------------------------------------------------

alive_as() { # pid comm
  [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null || true)" = "$2" ] &&
    [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# Host pid of the unshare process that start left running, if any.
unshare_pid() { # suite
  local f=$STATE/$1.pid pid
  [ -r "$f" ] || return 1
  pid=$(tr -dc '0-9' <"$f")
  alive_as "$pid" unshare && echo "$pid"
}

# Host pid of the namespace's init: unshare --fork's only child.
init_pid() { # unshare-pid
  local c
  c=$(cat "/proc/$1/task/$1/children" 2>/dev/null || true)
  echo "${c%% *}" | tr -dc '0-9'
}

# --- build ---------------------------------------------------------------------

in_root() { # dir command... (chroot with its own /proc, in a throwaway mount namespace)
  local d=$1
  shift
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare --mount --propagation private -- sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$d" "$@"
}

# Written at every start (the cache holds packages only), so config changes
# need no rebuild.
write_configs() { # dir
  local d=$1
  cat >"$d/etc/libvirt/libvirtd.conf" <<EOF
# written by virtwire scripts/libvirt-versions.sh: test daemon, loopback TCP
# (its own network namespace), no auth
EOF
  test_daemon_conf 127.0.0.1 >>"$d/etc/libvirt/libvirtd.conf"
  # No private /dev per guest (see check_ptmx), no privilege drop: the chroot
  # has neither the accounts' files nor a need for them.
  cat >"$d/etc/libvirt/qemu.conf" <<'EOF'
# written by virtwire scripts/libvirt-versions.sh
user = "root"
group = "root"
namespaces = [ ]
security_driver = "none"
# VNC with TLS, so graphics reload has certificates to reload.
vnc_tls = 1
vnc_tls_x509_cert_dir = "/etc/pki/libvirt-vnc"
vnc_tls_x509_verify = 0
EOF
  make_vnc_certs "$d/etc/pki/libvirt-vnc"
}

make_vnc_certs() { # dir: a throwaway CA and a server certificate it signed
  local c=$1
  [ -s "$c/server-cert.pem" ] && return 0
  mkdir -p "$c"
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=virtwire-test-ca \
      -keyout "$c/ca-key.pem" -out "$c/ca-cert.pem" &&
      openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$c/server-key.pem" -out "$c/server.csr" &&
      openssl x509 -req -days 3650 -in "$c/server.csr" -CA "$c/ca-cert.pem" -CAkey "$c/ca-key.pem" \
        -CAcreateserial -out "$c/server-cert.pem"
  } >/dev/null 2>&1 || die "openssl failed to make VNC certificates"
  rm -f "$c/server.csr" "$c/ca-cert.srl"
}

build_fresh() { # suite dir
  local suite=$1 d=$2 tmp=$2.building qemu_pkg p
  rm -rf --one-file-system "$tmp"
  say "$suite: debootstrap from $(mirror)"
  # In a throwaway mount namespace: a failed run leaves no mounts behind.
  unshare --mount --propagation private -- debootstrap --variant=minbase "$suite" "$tmp" "$(mirror)" >"$tmp.log" 2>&1 ||
    { tail -n 20 "$tmp.log" >&2; die "$suite: debootstrap failed (log: $tmp.log)"; }
  # sid's Release carries a short Valid-Until; the mirror may be a snapshot.
  printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\nAPT::Install-Recommends "false";\n' \
    >"$tmp/etc/apt/apt.conf.d/99virtwire"
  # Nothing may try to start services during package installation.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  # Take whichever of the two names the suite has (a split package may carry the binary).
  qemu_pkg=qemu-system-x86
  for p in qemu-system-x86 qemu-system-x86-64; do
    if in_root "$tmp" apt-cache show --no-all-versions "$p" >/dev/null 2>&1; then qemu_pkg=$p; break; fi
  done
  # The network driver answers lease queries (getInterfaceAddresses) as 9.0's does.
  say "$suite: apt-get install libvirt-daemon libvirt-daemon-driver-{qemu,network} $qemu_pkg qemu-utils"
  in_root "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-driver-network "$qemu_pkg" qemu-utils >>"$tmp.log" 2>&1 ||
    { tail -n 20 "$tmp.log" >&2; die "$suite: apt-get install failed (log: $tmp.log)"; }
  # The QEMU driver looks up its built-in default account before qemu.conf.
  in_root "$tmp" sh -c 'getent group kvm >/dev/null || groupadd --system kvm;
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu;
    getent passwd libvirt-qemu >/dev/null || useradd --system --gid kvm --groups libvirt-qemu \
      --home-dir /var/lib/libvirt --no-create-home --shell /usr/sbin/nologin libvirt-qemu' >>"$tmp.log" 2>&1
  in_root "$tmp" apt-get clean >/dev/null 2>&1 || true
  rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/usr/share/doc/* "$tmp"/usr/share/man/* "$tmp"/usr/share/locale/* \
    "$tmp"/var/cache/debconf/*-old "$tmp"/var/log/*.log "$tmp"/var/log/apt/*
  mkdir -p "$tmp/etc/libvirt" "$tmp/var/log/libvirt/qemu" "$tmp/run/libvirt" "$tmp/var/lib/libvirt/images"
  in_root "$tmp" libvirtd --version >"$tmp/.virtwire-libvirt-version" 2>/dev/null ||
    die "$suite: no libvirtd in the folder"
  echo "$RECIPE" >"$tmp/.virtwire-recipe"
  mkdir -p "$CACHE"
  say "$suite: caching $(tarball_of "$suite")"
  tar -C "$tmp" -I 'zstd -T0 -3 -q' -cf "$(tarball_of "$suite").part" . &&
    mv -f "$(tarball_of "$suite").part" "$(tarball_of "$suite")"
  # Tarballs of earlier recipes are dead weight.
  find "$CACHE" -maxdepth 1 -name "libvirt-$suite-r*.tar.zst" ! -name "libvirt-$suite-$RECIPE.tar.zst" -delete
  rm -rf --one-file-system "$d"
  mv "$tmp" "$d"
  rm -f "$tmp.log"
}

build_one() { # suite
  local suite=$1 d t0
  d=$(dir_of "$suite")
  t0=$(date +%s.%N)
  if [ -f "$d/.virtwire-recipe" ] && [ "$(cat "$d/.virtwire-recipe")" = "$RECIPE" ]; then
    say "$suite: $(cat "$d/.virtwire-libvirt-version") ready in $d"
    return 0
  fi
  unshare_pid "$suite" >/dev/null && die "$suite: running; stop it before rebuilding"
  mkdir -p "$ROOT"
  if [ -f "$(tarball_of "$suite")" ]; then
    rm -rf --one-file-system "$d" "$d.restoring"
    mkdir -p "$d.restoring"
    tar -C "$d.restoring" -I 'zstd -T0 -q' -xf "$(tarball_of "$suite")" || die "$suite: cache $(tarball_of "$suite") unreadable"
    mv "$d.restoring" "$d"
    say "$suite: restored from cache in $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s"
  else
    build_fresh "$suite" "$d"
    say "$suite: built in $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s"
  fi
  say "$suite: $(cat "$d/.virtwire-libvirt-version")"
}

# Cold builds run side by side: mostly waiting on the mirror and on dpkg.
build_all() { # suite...
  local s pids=() bad=0
  for s in "$@"; do
    build_one "$s" &
    pids+=($!)
  done
  for s in "${pids[@]}"; do wait "$s" || bad=1; done
  [ "$bad" -eq 0 ] || die "build failed"
}

# A fresh machine may lack the build tools: install them from its own apt sources.
ensure_tools() {
  local missing=() t
  for t in debootstrap zstd openssl; do command -v "$t" >/dev/null || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_install "${missing[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && apt_install "${missing[@]}" >/dev/null; } ||
    die "could not install ${missing[*]}"
}

# --- start / stop ----------------------------------------------------------------

# Runs as the new pid namespace's init (in the new mount namespace): gives the
# folder proc, sys, its own /dev with a new devpts, the shared paths, then
# becomes a chrooted shell that runs both daemons and, on SIGTERM, stops
# libvirtd and kills everything else left in the namespace.
# shellcheck disable=SC2016
NS_INIT='
set -e
d=$1 guest=$2
ip link set lo up
mount -t proc proc "$d/proc"
mount --rbind /sys "$d/sys"
mount --make-rslave "$d/sys"
mount -t tmpfs -o mode=0755,nosuid devtmp "$d/dev"
mkdir -p "$d/dev/pts" "$d/dev/shm" "$d/dev/net"
for n in null zero full random urandom tty kvm net/tun vhost-net; do
  if [ -c "/dev/$n" ]; then touch "$d/dev/$n"; mount --bind "/dev/$n" "$d/dev/$n"; fi
done
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$d/dev/pts"
ln -s pts/ptmx "$d/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$d/dev/shm"
mount --bind /tmp "$d/tmp"
mkdir -p "$d/var/log/libvirt/qemu" /var/log/libvirt/qemu
mount --bind /var/log/libvirt/qemu "$d/var/log/libvirt/qemu"
if [ -d "$guest" ]; then mkdir -p "$d$guest"; mount --bind "$guest" "$d$guest"; fi
exec chroot "$d" /bin/sh /.virtwire-init.sh
'

# The chrooted init: runs both daemons; on SIGTERM stops libvirtd, then kills
# whatever is left in the namespace (guests) before exiting.
write_chroot_init() { # dir
  cat >"$1/.virtwire-init.sh" <<'EOF'
virtlogd -p /run/virtlogd.pid &
libvirtd --listen -p /run/libvirtd.pid &
ld=$!
finish() {
  kill -TERM "$ld" 2>/dev/null
  i=0
  while kill -0 "$ld" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL -1 2>/dev/null
  exit 0
}
trap finish TERM INT
while kill -0 "$ld" 2>/dev/null; do sleep 1 & wait $!; done
echo "libvirtd exited" >&2
kill -KILL -1 2>/dev/null
exit 1
EOF
}

start_one() { # suite
  local suite=$1 d pid sock deadline t0
  d=$(dir_of "$suite")
  sock=$(sock_of "$suite")
  if pid=$(unshare_pid "$suite"); then
    if answers "test+unix:///default?socket=$sock"; then say "$suite: already running (unshare pid $pid)"; return 0; fi
    say "$suite: running (pid $pid) but not answering: restarting"
    stop_one "$suite"
  fi
  build_one "$suite"
  t0=$(date +%s.%N)
  # Run state from an earlier run (sockets, pidfiles, guests' status) is stale.
  rm -rf --one-file-system "$d"/run/libvirt "$d"/run/*.pid "$d"/var/log/libvirt/libvirtd.log
  mkdir -p "$d/run/libvirt" "$STATE"
  write_configs "$d"
  write_chroot_init "$d"
  setsid unshare --mount --pid --net --fork --propagation private -- sh -c "$NS_INIT" ns-init "$d" "$GUEST_DIR" \
    </dev/null >"$d/var/log/virtwire-ns.log" 2>&1 &
  pid=$!
  echo "$pid" >"$STATE/$suite.pid"
  deadline=$((SECONDS + WAIT_SECS))
  until answers "test+unix:///default?socket=$sock"; do
    if ! alive_as "$pid" unshare; then
      cat "$d/var/log/virtwire-ns.log" >&2 || true
      tail -n 15 "$d/var/log/libvirt/libvirtd.log" >&2 2>/dev/null || true
      rm -f "$STATE/$suite.pid"
      die "$suite: namespace exited during start-up"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { stop_one "$suite"; die "$suite: no answer on $sock after ${WAIT_SECS}s"; }
    sleep 0.1
  done
  check_ptmx
  say "$suite: libvirt $(awk '{print $NF}' "$d/.virtwire-libvirt-version") answers on $sock (unshare pid $pid, $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s)"
}

wait_qemu() { # suite: the QEMU driver probes the emulator on first use
  local sock deadline
  sock=$(sock_of "$1")
  deadline=$((SECONDS + WAIT_SECS))
  until answers "qemu+unix:///system?socket=$sock"; do
    [ "$SECONDS" -lt "$deadline" ] || die "$1: qemu+unix:///system?socket=$sock does not answer"
    sleep 0.2
  done
}

stop_one() { # suite
  local suite=$1 pid init
  if ! pid=$(unshare_pid "$suite"); then
    rm -f "$STATE/$suite.pid"
    say "$suite: not running"
    return 0
  fi
  init=$(init_pid "$pid")
  if [ -n "$init" ]; then kill -TERM "$init" 2>/dev/null || true; fi
  for _ in $(seq 80); do alive_as "$pid" unshare || break; sleep 0.1; done
  if alive_as "$pid" unshare; then
    # SIGKILL of a pid namespace's init kills every process in it.
    init=$(init_pid "$pid")
    if [ -n "$init" ]; then kill -KILL "$init" 2>/dev/null || true; fi
    for _ in $(seq 50); do alive_as "$pid" unshare || break; sleep 0.1; done
  fi
  alive_as "$pid" unshare && die "$suite: unshare (pid $pid) did not exit"
  rm -f "$STATE/$suite.pid" "$(sock_of "$suite")" "$(sock_of "$suite")-ro" "$(sock_of "$suite")-admin"
  check_ptmx
  say "$suite: stopped"
}

status_one() { # suite
  local pid
  if pid=$(unshare_pid "$1") && answers "test+unix:///default?socket=$(sock_of "$1")"; then
    say "$1: running (unshare pid $pid), $(sock_of "$1")"
  else
    say "$1: not running"
    return 1
  fi
}

env_one() { # suite
  local d
  d=$(dir_of "$1")
  [ -f "$d/.virtwire-libvirt-version" ] || return 0
  echo "$1 $(awk '{print $NF}' "$d/.virtwire-libvirt-version") $d/run/libvirt"
}

run_in() { # suite command...
  local suite=$1 pid init
  shift
  pid=$(unshare_pid "$suite") || die "$suite: not running (start it first)"
  init=$(init_pid "$pid")
  [ -n "$init" ] || die "$suite: namespace init not found"
  mkdir -p /run/libvirt
  # shellcheck disable=SC2016 # expanded by the inner shell
  exec nsenter --net="/proc/$init/ns/net" -- unshare --mount --propagation private -- \
    sh -c 'mount --bind "$0" /run/libvirt && exec "$@"' "$(dir_of "$suite")/run/libvirt" "$@"
}

# --- main ------------------------------------------------------------------------

cmd=${1:-}
[ $# -gt 0 ] && shift
if [ "$cmd" = run ]; then
  [ $# -ge 2 ] || die "usage: $0 run SUITE COMMAND..."
  case "$1" in trixie|sid) ;; *) die "unknown suite $1 (trixie, sid)" ;; esac
  [ "$(id -u)" -eq 0 ] || die "must run as root"
  run_in "$@"
fi
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=("${ALL_SUITES[@]}")
for s in "${suites[@]}"; do
  case "$s" in trixie|sid) ;; *) die "unknown suite $s (trixie, sid)" ;; esac
done
case "$cmd" in
  build|start|stop|status|env) ;;
  -h|--help|"") sed -n '2,32p' "$0"; exit 0 ;;
  *) die "unknown command $cmd (build|start|stop|status|env)" ;;
esac
[ "$cmd" = env ] || [ "$(id -u)" -eq 0 ] || die "must run as root"

if [ "$cmd" = build ] || [ "$cmd" = start ]; then
  ensure_tools
  build_all "${suites[@]}"
fi
rc=0
for s in "${suites[@]}"; do
  case "$cmd" in
    build) ;;
    start) start_one "$s" ;;
    stop) stop_one "$s" ;;
    status) status_one "$s" || rc=1 ;;
    env) env_one "$s" ;;
  esac
done
if [ "$cmd" = start ]; then for s in "${suites[@]}"; do wait_qemu "$s"; done; say "qemu drivers answer"; fi
exit "$rc"
