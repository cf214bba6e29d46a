#!/usr/bin/env bash
# The systemd scenarios' guest: a Debian system (the host's release, from the host's apt
# sources) with systemd as PID 1, built with mmdebstrap into an uncompressed newc cpio that the
# kernel unpacks as its root file system (no disk, no switch_root: the stock kernel's block and
# ext4 drivers are modules). Holds the kernel's evdev and uinput modules with their modules.dep
# and aliases, so udev and systemd-modules-load load them as on an installed machine. Cached:
# rebuilt only when this script or the kernel changes. Installs mmdebstrap with apt-get when
# missing.
#
# Usage: build-image.sh KERNEL_DIR OUT_DIR     prints the image's path on its last line
#   KERNEL_DIR  output of fetch-kernel.sh        OUT_DIR  cache, e.g. ~/.cache/keyrx-vmtest/systemd
# Env: MODULES="evdev uinput"
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
KOUT=$(cd "${1:?kernel dir}" && pwd); OUT=${2:?out dir}
MODULES=${MODULES:-"evdev uinput"}
KVER=$(cat "$KOUT/kver")
. /etc/os-release
SUITE=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
PACKAGES=systemd,systemd-sysv,udev,kmod,passwd,dbus,libpam-systemd
KEY=$( { cat "$HERE/build-image.sh"; echo "$KVER $SUITE $PACKAGES $MODULES"; } | sha256sum | cut -c1-16)
IMAGE=$OUT/rootfs-$KEY.cpio
if [[ -f $IMAGE ]]; then
  echo "build-image: cached $IMAGE" >&2
  echo "$IMAGE"
  exit 0
fi

. "$HERE/../../scripts/lib/host-packages.sh"
mapfile -t missing < <(missing_packages mmdebstrap=mmdebstrap)
install_packages "vmtest/systemd/build-image.sh" "${missing[@]}" || exit 2
# The host's own apt sources, so the guest comes from the same archive as the host's packages.
SOURCES=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -s $f ]] && SOURCES+=("$f")
done
(( ${#SOURCES[@]} )) || { echo "build-image: no apt sources on this host" >&2; exit 1; }

mkdir -p "$OUT"
t0=$(date +%s%N)
ROOT=$(mktemp -d "$OUT/root.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT
rmdir "$ROOT"
# Docs, man pages and locales are left out of the image (not out of what dpkg installs later).
mmdebstrap --quiet --variant=essential --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='rm -f "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap"' \
  "$SUITE" "$ROOT" "${SOURCES[@]}" >&2

# Input modules and their dependencies, with depmod's index (aliases included) for modprobe.
MROOT=$KOUT/root/lib/modules/$KVER
mkdir -p "$ROOT/lib/modules/$KVER"
cp "$MROOT"/modules.{order,builtin,builtin.modinfo} "$ROOT/lib/modules/$KVER/" 2>/dev/null || true
want=()
for m in $MODULES; do
  rel=$(awk -F: -v n="$m" '{b=$1; sub(/.*\//,"",b); sub(/\.ko.*$/,"",b); if (b==n) {print $1; exit}}' "$MROOT/modules.dep")
  [[ -n $rel ]] || { echo "build-image: module $m not found" >&2; exit 1; }
  want+=("$rel" $(awk -F': *' -v f="$rel" '$1==f{print $2}' "$MROOT/modules.dep"))
done
for rel in "${want[@]}"; do
  install -D -m 0644 "$MROOT/$rel" "$ROOT/lib/modules/$KVER/$rel"
done
depmod -b "$ROOT" "$KVER"

# A machine that boots straight to the test: no login prompts, no hardware database.
for unit in serial-getty@ttyS0.service getty@tty1.service systemd-firstboot.service; do
  ln -sf /dev/null "$ROOT/etc/systemd/system/$unit"
done
rm -f "$ROOT/usr/lib/udev/hwdb.bin" "$ROOT/etc/udev/hwdb.bin"
echo vmtest > "$ROOT/etc/hostname"
: > "$ROOT/etc/machine-id"

( cd "$ROOT" && find . -print0 | sort -z | cpio --null -o -H newc --quiet ) > "$IMAGE.tmp"
mv "$IMAGE.tmp" "$IMAGE"
echo "build-image: $IMAGE ($(du -h "$IMAGE" | cut -f1)) built in $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2
echo "$IMAGE"
