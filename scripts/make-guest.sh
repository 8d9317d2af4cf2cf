#!/usr/bin/env bash
# Builds the busybox test guest for virtwire's live tests into
# /var/lib/libvirt/images/virtwire/ (root, Debian 12):
#   vmlinuz              Debian's kernel (the package linux-image-amd64 depends on)
#   initrd.img           busybox initramfs; prints VIRTWIRE-GUEST-READY on ttyS0,
#                        then runs a shell there; powers off on ACPI power button
#   disk-template.qcow2  blank 16 MiB qcow2; copy it per test (tmp/ is for copies)
#   guest-example.xml    a domain using all three
# Idempotent: existing pieces are kept (initrd.img is rebuilt when its /init changes).
#
# Usage: sudo scripts/make-guest.sh [--force] [--check]
#   --force  rebuild everything
#   --check  boot the guest once with libvirt (qemu:///system) and time it
set -euo pipefail

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
export DEBIAN_FRONTEND=noninteractive
unset LIBVIRT_DEFAULT_URI

DIR=${VIRTWIRE_GUEST_DIR:-/var/lib/libvirt/images/virtwire}
READY=VIRTWIRE-GUEST-READY
BOOT_TIMEOUT=${VIRTWIRE_BOOT_TIMEOUT:-120}
# Loaded in this order (no modules.dep in the initramfs): disk, channels,
# balloon, and the ACPI power button with evdev so acpid can see it.
MODULES=(
  drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko
  drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio_pci_modern_dev.ko
  drivers/virtio/virtio_pci.ko drivers/block/virtio_blk.ko drivers/char/virtio_console.ko
  drivers/virtio/virtio_balloon.ko drivers/input/evdev.ko drivers/acpi/button.ko
)

force=0
check=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "make-guest: unknown option $arg" >&2; exit 2 ;;
  esac
done

SCRIPT=make-guest
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
command -v qemu-img >/dev/null || die "qemu-img missing: run scripts/setup-libvirt.sh first"
[ -x /bin/busybox ] || die "/bin/busybox missing: apt-get install busybox-static"
if command -v ldd >/dev/null && ldd /bin/busybox >/dev/null 2>&1; then
  die "/bin/busybox is dynamically linked: install busybox-static"
fi

WORK=$(mktemp -d /tmp/virtwire-guest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DIR" "$DIR/tmp"
chmod 755 "$DIR" "$DIR/tmp"
if [ "$force" -eq 1 ]; then
  rm -rf "$DIR/vmlinuz" "$DIR/initrd.img" "$DIR/init.sh" "$DIR/disk-template.qcow2" "$DIR/modules"
fi

# --- kernel and its modules ---------------------------------------------------
apt_refresh_once() {
  if [ -z "${apt_refreshed:-}" ]; then apt-get update -q; apt_refreshed=1; fi
}

kernel_pkg() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}

if [ ! -s "$DIR/vmlinuz" ] || [ ! -d "$DIR/modules" ]; then
  pkg=$(kernel_pkg || true)
  if [ -z "$pkg" ]; then apt_refresh_once; pkg=$(kernel_pkg || true); fi
  [ -n "$pkg" ] || die "cannot resolve linux-image-amd64 (apt sources?)"
  say "downloading $pkg"
  # -o Sandbox::User=root: the temp dir is not writable by _apt.
  if ! (cd "$WORK" && apt-get download -q -o APT::Sandbox::User=root "$pkg"); then
    apt_refresh_once
    pkg=$(kernel_pkg)
    (cd "$WORK" && apt-get download -q -o APT::Sandbox::User=root "$pkg")
  fi
  dpkg -x "$WORK"/"$pkg"_*.deb "$WORK/kernel"
  kdirs=("$WORK"/kernel/lib/modules/*)
  kver=$(basename "${kdirs[0]}")
  rm -rf "$DIR/modules.new"
  mkdir -p "$DIR/modules.new"
  for m in "${MODULES[@]}"; do
    cp "$WORK/kernel/lib/modules/$kver/kernel/$m" "$DIR/modules.new/" || die "module $m missing from $pkg"
  done
  echo "$kver" >"$DIR/modules.new/VERSION"
  rm -rf "$DIR/modules"
  mv "$DIR/modules.new" "$DIR/modules"
  install -m 644 "$WORK/kernel/boot/vmlinuz-$kver" "$DIR/vmlinuz"
  rm -f "$DIR/initrd.img"   # modules changed: initramfs must follow
  say "kernel $kver -> $DIR/vmlinuz"
else
  say "kernel present ($(cat "$DIR/modules/VERSION" 2>/dev/null || echo unknown))"
fi

# --- initramfs ---------------------------------------------------------------
init_text() {
  local names=""
  for m in "${MODULES[@]}"; do names+=" $(basename "$m" .ko)"; done
  cat <<EOF
#!/bin/sh
# /init of the virtwire test guest (built by scripts/make-guest.sh)
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root PS1='virtwire# '
mkdir -p /proc /sys /dev /tmp /run /root /var/run /var/log
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
hostname virtwire-guest
for m in$names; do
  insmod /lib/modules/\$m.ko 2>/dev/null || echo "virtwire-guest: insmod \$m failed" >/dev/console
done
# ACPI power button -> poweroff, so libvirt's shutdown() and reboot() work.
acpid -c /etc/acpi -l /var/log/acpid.log
echo "$READY \$(uname -r)" >/dev/console
while :; do
  setsid cttyhack sh
  sleep 1
done
EOF
}

if [ -s "$DIR/initrd.img" ] && [ "$(init_text)" = "$(cat "$DIR/init.sh" 2>/dev/null)" ]; then
  say "initramfs present"
else
  root=$WORK/initramfs
  mkdir -p "$root/bin" "$root/lib/modules" "$root/etc/acpi/PWRF"
  cp /bin/busybox "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  cp "$DIR"/modules/*.ko "$root/lib/modules/"
  init_text >"$root/init"
  printf '#!/bin/sh\necho VIRTWIRE-GUEST-POWEROFF >/dev/console\nsync\npoweroff -f\n' \
    >"$root/etc/acpi/PWRF/00000080"
  chmod 755 "$root/init" "$root/etc/acpi/PWRF/00000080"
  # No cpio binary on these machines; busybox has one.
  (cd "$root" && find . | /bin/busybox cpio -o -H newc 2>/dev/null) | gzip -9 >"$WORK/initrd.img"
  install -m 644 "$WORK/initrd.img" "$DIR/initrd.img"
  init_text >"$DIR/init.sh"
  say "initramfs -> $DIR/initrd.img ($(stat -c %s "$DIR/initrd.img") bytes)"
fi

# --- disk template ------------------------------------------------------------
if [ -s "$DIR/disk-template.qcow2" ]; then
  say "disk template present"
else
  qemu-img create -q -f qcow2 "$WORK/disk.qcow2" 16M
  install -m 644 "$WORK/disk.qcow2" "$DIR/disk-template.qcow2"
  say "disk template -> $DIR/disk-template.qcow2 (16 MiB qcow2)"
fi

# --- domain XML ----------------------------------------------------------------
domain_xml() { # name disk serial-log
  cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>96</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$DIR/vmlinuz</kernel>
    <initrd>$DIR/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'>
      <log file='$3' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
  </devices>
</domain>
EOF
}

domain_xml virtwire-example "$DIR/tmp/example.qcow2" /var/log/libvirt/qemu/virtwire-example-serial.log \
  >"$DIR/guest-example.xml"
say "example domain: $DIR/guest-example.xml (copy disk-template.qcow2 to the disk path first)"
[ "$check" -eq 1 ] || { cat "$DIR/guest-example.xml"; exit 0; }

# --- boot check -----------------------------------------------------------------
name=virtwire-check-$$
disk=$DIR/tmp/$name.qcow2
log=/var/log/libvirt/qemu/$name-serial.log
cleanup_check() {
  virsh -q -c qemu:///system destroy "$name" >/dev/null 2>&1 || true
  rm -f "$disk" "$log" "/var/log/libvirt/qemu/$name.log" "$WORK/$name.xml"
}
trap 'cleanup_check; rm -rf "$WORK"' EXIT
cp "$DIR/disk-template.qcow2" "$disk"
domain_xml "$name" "$disk" "$log" >"$WORK/$name.xml"
start=$(date +%s.%N)
virsh -q -c qemu:///system create "$WORK/$name.xml" >/dev/null
deadline=$((SECONDS + BOOT_TIMEOUT))
until grep -q "$READY" "$log" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "--- serial log:" >&2; cat "$log" >&2 2>/dev/null || true
    die "no $READY within ${BOOT_TIMEOUT}s"
  fi
  sleep 0.2
done
boot=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f", a - b }')
say "guest booted: $(grep -m1 -a "$READY" "$log" | tr -d '\r') after ${boot}s"
if grep -a 'insmod .* failed' "$log" >&2; then die "guest could not load its modules"; fi

# ACPI power button path: the transient domain vanishes once the guest powers off.
virsh -q -c qemu:///system shutdown "$name" >/dev/null
deadline=$((SECONDS + 30))
while virsh -q -c qemu:///system domstate "$name" >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || die "guest ignored ACPI shutdown for 30s"
  sleep 0.2
done
say "guest powered off on ACPI shutdown"
