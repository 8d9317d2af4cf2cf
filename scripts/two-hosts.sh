#!/usr/bin/env bash
# Two libvirtd "hosts" on this one machine, for live-migration tests.
#
# Each host gets its own network namespace (one veth pair between them,
# 10.211.N.1 and 10.211.N.2, never routed off the machine; plus a
# point-to-point veth from the calling namespace to each, from 10.211.N.254,
# so clients here can use the TCP URIs too), its own mount and
# UTS namespaces (private /etc/libvirt, /run/libvirt, /var/lib/libvirt,
# /var/log/libvirt, /var/cache/libvirt bind-mounted from DIR/a, DIR/b), its own
# virtlogd, explicit pidfiles, a distinct host_uuid and migration_host, and a
# TCP listener (auth none) on its own address for peer-to-peer migration.
# The guest assets folder (/var/lib/libvirt/images/virtwire) is bind-mounted
# into both, at the same path. From outside, reach the hosts through their
# unix sockets: qemu+unix:///system?socket=DIR/a/run/libvirt-sock (and b).
#
# Usage: sudo scripts/two-hosts.sh up|down|status|env [INSTANCE]
#   up      claim INSTANCE for $VW2H_OWNER (a pid, default the caller's; exit 3
#           if another live owner holds it), tear down any leftover of it,
#           then start both hosts
#   down    stop what up started (pidfiles, then the namespaces' own processes)
#           and remove the scratch folder and claim; idempotent
#   status  exit 0 when both hosts answer
#   env     print shell assignments (VW2H_DIR, VW2H_A_URI, ...)
# INSTANCE (0-254, default 0) selects the subnet 10.211.INSTANCE.0/24, the
# namespaces vw2h-INSTANCE-a/-b and the folder $VIRTWIRE_TWO_HOSTS_ROOT/INSTANCE
# (root default /run/virtwire-2h), so test files can run side by side.
# The machine's own libvirtd (/run/libvirt) is never touched.
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
unset LIBVIRT_DEFAULT_URI

cmd=${1:-}
inst=${2:-0}
if ! [[ "$inst" =~ ^[0-9]+$ ]] || [ "$inst" -gt 254 ]; then echo "two-hosts: instance must be 0-254" >&2; exit 2; fi

ROOT=${VIRTWIRE_TWO_HOSTS_ROOT:-/run/virtwire-2h}
DIR=$ROOT/$inst
GUEST_DIR=${VIRTWIRE_GUEST_DIR:-/var/lib/libvirt/images/virtwire}
WAIT_SECS=${VIRTWIRE_WAIT_SECS:-30}
NET=10.211.$inst
HOSTS=(a b)

SCRIPT="two-hosts[$inst]"
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ns_of() { echo "vw2h-$inst-$1"; }
addr_of() { [ "$1" = a ] && echo "$NET.1" || echo "$NET.2"; }
# Distinct and stable per instance and host: migration refuses equal host UUIDs.
uuid_of() { printf 'e3a2b1c0-0211-4%03x-8000-%012x' "$inst" "$([ "$1" = a ] && echo 1 || echo 2)"; }
sock_of() { echo "$DIR/$1/run/libvirt-sock"; }
uri_of() { echo "qemu+unix:///system?socket=$(sock_of "$1")"; }

# --- teardown ----------------------------------------------------------------

# pid from a pidfile if that process is alive and its command name starts with $2.
pid_from() { # pidfile comm-prefix
  local pid comm
  [ -r "$1" ] || return 1
  pid=$(tr -dc '0-9' <"$1")
  [ -n "$pid" ] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ "$comm" == "$2"* ]] && echo "$pid"
}

# Gone or a zombie (daemons are reaped by whatever adopted them, maybe late).
gone() { [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo X)" = X ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

stop_pid() { # pid label
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do gone "$pid" && { say "stopped $2 (pid $pid)"; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  say "killed $2 (pid $pid)"
}

stop_host() { # host
  local h=$1 hd=$DIR/$1 ns pid f
  ns=$(ns_of "$h")
  # libvirtd first (it would restart nothing, but reacts to guests dying),
  # then its guests by the pidfiles it wrote, then virtlogd.
  if pid=$(pid_from "$hd/libvirtd.pid" libvirtd); then stop_pid "$pid" "libvirtd $h"; fi
  for f in "$hd"/run/qemu/*.pid; do
    [ -e "$f" ] || continue
    if pid=$(pid_from "$f" qemu-system); then stop_pid "$pid" "guest $(basename "$f" .pid) on $h"; fi
  done
  if pid=$(pid_from "$hd/virtlogd.pid" virtlogd); then stop_pid "$pid" "virtlogd $h"; fi
  # Anything still inside our private network namespace was started by us
  # (e.g. after a crash lost a pidfile).
  if ip netns list 2>/dev/null | grep -qw "^$ns"; then
    for pid in $(ip netns pids "$ns" 2>/dev/null); do stop_pid "$pid" "$(cat "/proc/$pid/comm" 2>/dev/null || echo process) in $ns"; done
    if ip netns del "$ns" 2>/dev/null; then say "removed netns $ns"; fi
  fi
  # Normally gone with the namespace (a veth pair dies with either end).
  ip link del "vw2h$inst-h$h" 2>/dev/null || true
}

do_down() {
  for h in "${HOSTS[@]}"; do stop_host "$h"; done
  # Deleting a namespace removes its veth end; the pair goes with it.
  if [ -d "$DIR" ]; then
    # Our bind mounts live only in the (now empty) private mount namespaces;
    # refuse to delete if the host's namespace sees anything mounted below DIR.
    if awk -v d="$DIR/" '$5 ~ "^"d {found=1} END {exit !found}' /proc/self/mountinfo; then
      die "something is mounted under $DIR; not removing it"
    fi
    rm -rf --one-file-system "$DIR"
    say "removed $DIR"
  fi
  rm -f "$ROOT/$inst.owner"
  check_ptmx
}

# --- start-up ----------------------------------------------------------------

write_config() { # host
  local h=$1 hd=$DIR/$1 addr
  addr=$(addr_of "$h")
  cat >"$hd/etc/libvirtd.conf" <<EOF
# written by scripts/two-hosts.sh (host $h of instance $inst)
host_uuid = "$(uuid_of "$h")"
EOF
  test_daemon_conf "$addr" >>"$hd/etc/libvirtd.conf"
  # QEMU as root with no relabelling: the guest assets are shared with the
  # machine's own daemon. No per-guest /dev namespace (it has broken the
  # host's /dev/ptmx elsewhere) and no cgroups.
  cat >"$hd/etc/qemu.conf" <<EOF
# written by scripts/two-hosts.sh (host $h of instance $inst)
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
namespaces = [ ]
cgroup_controllers = [ ]
migration_host = "$addr"
migration_address = "$addr"
vnc_listen = "127.0.0.1"
EOF
  : >"$hd/etc/virtlogd.conf"
}

# Runs inside `ip netns exec NS unshare --mount --uts`: private mounts, then daemons.
inner_script() {
  cat <<'EOF'
set -eu
hd=$1; h=$2; guest=$3
hostname "vw2h-host-$h"
ip link set lo up
# The assets go under the private /var/lib/libvirt first (rbind carries them).
if [ -d "$guest" ]; then
  mkdir -p "$hd/lib/images/virtwire"
  mount --bind "$guest" "$hd/lib/images/virtwire"
fi
mount --rbind "$hd/lib" /var/lib/libvirt
mount --bind "$hd/etc" /etc/libvirt
mount --bind "$hd/run" /run/libvirt
mount --bind "$hd/log" /var/log/libvirt
mount --bind "$hd/cache" /var/cache/libvirt
e="env -i PATH=$PATH LANG=C.UTF-8"
$e virtlogd -d -p "$hd/virtlogd.pid" -f /etc/libvirt/virtlogd.conf </dev/null >/dev/null 2>&1
$e libvirtd -d --listen -p "$hd/libvirtd.pid" -f /etc/libvirt/libvirtd.conf </dev/null >/dev/null 2>&1
EOF
}

start_host() { # host
  local h=$1 hd=$DIR/$1 ns
  ns=$(ns_of "$h")
  mkdir -p "$hd"/{etc,run,lib,log/qemu,cache}
  chmod 0755 "$hd" "$hd"/*
  write_config "$h"
  # A warm capabilities cache spares each daemon QEMU's probe (seconds under TCG);
  # libvirt re-probes if anything about the binaries changed.
  if [ -d /var/cache/libvirt/qemu/capabilities ]; then
    mkdir -p "$hd/cache/qemu"
    cp -a /var/cache/libvirt/qemu/capabilities "$hd/cache/qemu/" 2>/dev/null || true
  fi
  ip netns exec "$ns" unshare --mount --uts --propagation private \
    sh -c "$(inner_script)" inner "$hd" "$h" "$GUEST_DIR" ||
    die "host $h failed to start (see $hd/log/libvirtd.log)"
}

wait_host() { # host
  local h=$1 hd=$DIR/$1 deadline=$((SECONDS + WAIT_SECS))
  until answers "$(uri_of "$h")"; do
    pid_from "$hd/libvirtd.pid" libvirtd >/dev/null || { tail -n 15 "$hd/log/libvirtd.log" >&2 2>/dev/null || true; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 15 "$hd/log/libvirtd.log" >&2 2>/dev/null || true; die "host $h does not answer after ${WAIT_SECS}s"; }
    sleep 0.1
  done
}

# One owner per instance, so concurrent test runs do not tear down each
# other's hosts; a claim whose owner died is taken over.
claim() {
  local f=$ROOT/$inst.owner me=${VW2H_OWNER:-$PPID} owner=""
  mkdir -p "$ROOT"
  exec 9>"$ROOT/.lock"
  flock 9
  [ -r "$f" ] && owner=$(tr -dc '0-9' <"$f")
  if [ -n "$owner" ] && [ "$owner" != "$me" ] && [ -d "/proc/$owner" ]; then
    flock -u 9
    echo "two-hosts[$inst]: busy: claimed by live pid $owner" >&2
    exit 3
  fi
  echo "$me" >"$f"
  flock -u 9
}

do_up() {
  claim
  for bin in ip unshare libvirtd virtlogd virsh qemu-system-x86_64; do
    command -v "$bin" >/dev/null || die "$bin not found"
  done
  do_down >/dev/null
  echo "${VW2H_OWNER:-$PPID}" >"$ROOT/$inst.owner"
  mkdir -p "$DIR" /var/cache/libvirt /var/log/libvirt /run/libvirt /etc/libvirt /var/lib/libvirt
  local a b
  a=$(ns_of a)
  b=$(ns_of b)
  ip netns add "$a"
  ip netns add "$b"
  # The A-B link carries migration traffic and peer-to-peer connections.
  ip link add "vw2h$inst-a" netns "$a" type veth peer name "vw2h$inst-b" netns "$b"
  ip -n "$a" addr add "$(addr_of a)/24" dev "vw2h$inst-a"
  ip -n "$b" addr add "$(addr_of b)/24" dev "vw2h$inst-b"
  ip -n "$a" link set "vw2h$inst-a" up
  ip -n "$b" link set "vw2h$inst-b" up
  # A point-to-point link from this namespace to each host (nothing routed or
  # bridged between them), so a client here can also use the TCP URIs, the
  # ones a source daemon is given for peer-to-peer.
  for h in "${HOSTS[@]}"; do
    ip link add "vw2h$inst-h$h" type veth peer name "vw2h$inst-${h}h" netns "$(ns_of "$h")"
    ip addr add "$NET.254" peer "$(addr_of "$h")" dev "vw2h$inst-h$h"
    ip -n "$(ns_of "$h")" addr add "$(addr_of "$h")" peer "$NET.254" dev "vw2h$inst-${h}h"
    ip link set "vw2h$inst-h$h" up
    ip -n "$(ns_of "$h")" link set "vw2h$inst-${h}h" up
  done
  for h in "${HOSTS[@]}"; do start_host "$h"; done
  for h in "${HOSTS[@]}"; do wait_host "$h"; done
  check_ptmx
  say "up: a=$(uri_of a) b=$(uri_of b)"
}

do_env() {
  echo "VW2H_DIR=$DIR"
  for h in "${HOSTS[@]}"; do
    H=${h^^}
    echo "VW2H_${H}_URI='$(uri_of "$h")'"
    echo "VW2H_${H}_TCP_URI='qemu+tcp://$(addr_of "$h")/system'"
    echo "VW2H_${H}_ADDR=$(addr_of "$h")"
    echo "VW2H_${H}_DIR=$DIR/$h"
    echo "VW2H_${H}_UUID=$(uuid_of "$h")"
  done
}

case "$cmd" in
  up|down) [ "$(id -u)" -eq 0 ] || die "must run as root"; "do_$cmd" ;;
  status) for h in "${HOSTS[@]}"; do answers "$(uri_of "$h")" || exit 1; done ;;
  env) do_env ;;
  -h|--help|"") sed -n '2,/^set -euo/{/^#/p}' "$0"; [ -n "$cmd" ] ;;
  *) die "unknown command $cmd" ;;
esac
