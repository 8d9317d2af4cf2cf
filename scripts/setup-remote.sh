#!/usr/bin/env bash
# Installs what virtwire's remote-transport tests (test/remote) need on Debian 12,
# as root: certtool (TLS certificates), the SASL tools and server plugins
# (saslpasswd2, SCRAM, DIGEST-MD5, PLAIN), an OpenSSH server and client, and
# netcat. Idempotent; starts nothing: the tests start and stop their own daemons.
#
# Usage: sudo scripts/setup-remote.sh
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
export DEBIAN_FRONTEND=noninteractive

say() { echo "setup-remote: $*"; }
die() { echo "setup-remote: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (try: sudo $0)"

PKGS=(gnutls-bin sasl2-bin libsasl2-modules openssh-server openssh-client netcat-openbsd)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

apt_install() {
  # No recommends: openssh-server would pull ncurses-term, xauth and more.
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 "$@"
}

missing=()
for p in "${PKGS[@]}"; do installed "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -eq 0 ]; then
  say "packages already installed"
else
  say "installing: ${missing[*]}"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update -q
    apt_install "${missing[@]}"
  elif ! apt_install "${missing[@]}"; then
    say "install failed with current lists: apt-get update and retry"
    apt-get update -q
    apt_install "${missing[@]}"
  fi
fi

# Debian's openssh-server postinst creates host keys and may try to start sshd
# through invoke-rc.d; without an init system nothing runs, which is what we want.
for bin in certtool saslpasswd2 sshd ssh nc; do
  command -v "$bin" >/dev/null || die "$bin not found after install"
done
# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd
say "ready: $(certtool --version | head -n1 | tr -d '\n'), $(ssh -V 2>&1)"
