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

SCRIPT=setup-remote
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root

ensure_packages gnutls-bin sasl2-bin libsasl2-modules openssh-server openssh-client netcat-openbsd

# Debian's openssh-server postinst creates host keys and may try to start sshd
# through invoke-rc.d; without an init system nothing runs, which is what we want.
for bin in certtool saslpasswd2 sshd ssh nc; do
  command -v "$bin" >/dev/null || die "$bin not found after install"
done
# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd
say "ready: $(certtool --version | head -n1 | tr -d '\n'), $(ssh -V 2>&1)"
