# Helpers shared by the setup scripts; sourced, never run. The caller sets
# SCRIPT (its name in messages) first.
# shellcheck shell=bash

say() { echo "$SCRIPT: $*"; }
die() { echo "$SCRIPT: error: $*" >&2; exit 1; }
require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (try: sudo $0)"; }

installed() { # package
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# No recommends: they would pull a desktop stack (qemu-system-gui), unused
# drivers, xauth and more.
apt_install() {
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 "$@"
}

# Installs whichever packages are missing. A fresh machine may have no apt
# lists, an old one stale lists: both get `apt-get update` before a retry.
ensure_packages() { # package...
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "packages already installed"
    return 0
  fi
  say "installing: ${missing[*]}"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    say "apt lists empty: apt-get update"
    apt-get update -q
    apt_install "${missing[@]}"
  elif ! apt_install "${missing[@]}"; then
    say "install failed with current lists: apt-get update and retry"
    apt-get update -q
    apt_install "${missing[@]}"
  fi
}

answers() { timeout 5 virsh -q -c "$1" version >/dev/null 2>&1; } # uri

ptmx_ok() { [ "$(stat -c '%F %t,%T %a' /dev/ptmx 2>/dev/null)" = "character special file 5,2 666" ]; }

# libvirt's namespace code has turned the host's /dev/ptmx into a symlink to
# pts/ptmx (mode 000) when run in a chroot; consoles then fail everywhere. The
# scripts keep guests out of private /dev namespaces but check anyway.
check_ptmx() {
  ptmx_ok && return 0
  say "warning: host /dev/ptmx changed ($(ls -l /dev/ptmx 2>&1)): restoring c 5,2 0666"
  rm -f /dev/ptmx && mknod -m 0666 /dev/ptmx c 5 2
  ptmx_ok || die "could not restore /dev/ptmx"
}

# The libvirtd.conf lines every test daemon shares: plain TCP on one address
# and no authentication anywhere, so the read-write socket must be root-only
# (Debian's polkit build defaults it to 0777; there is no polkit/D-Bus here).
test_daemon_conf() { # listen-address
  cat <<EOF
listen_tls = 0
listen_tcp = 1
listen_addr = "$1"
auth_tcp = "none"
auth_unix_ro = "none"
auth_unix_rw = "none"
unix_sock_rw_perms = "0700"
unix_sock_ro_perms = "0777"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOF
}
