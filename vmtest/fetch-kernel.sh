#!/usr/bin/env bash
# Download (not install) the current Debian amd64 kernel image package and extract it.
# Usage: fetch-kernel.sh <outdir>
# Produces: <outdir>/vmlinuz, <outdir>/root/lib/modules/<kver>/... (with modules.dep),
#           <outdir>/kver, <outdir>/pkg (the package name), and, for a kernel with CONFIG_PVH,
#           <outdir>/vmlinux: the uncompressed ELF image. QEMU boots it directly through its PVH
#           entry point, which skips the kernel's self-decompression: under TCG that halves a
#           boot (~3 s saved). <outdir>/boot-image names the image to boot; it is written last,
#           so its presence marks a complete cache.
# Env: KERNEL_PKG=linux-image-6.1.0-NN-amd64 to pin one (default: what linux-image-amd64 depends on)
set -euo pipefail
OUT=${1:?outdir}
mkdir -p "$OUT/debs"
OUT=$(cd "$OUT" && pwd)
# apt-cache needs package lists; a fresh machine or CI image may have none yet.
if ! apt-cache policy linux-image-amd64 2>/dev/null | grep -qE 'Candidate: [0-9]'; then
  echo "fetch-kernel: no package lists for linux-image-amd64, running apt-get update" >&2
  apt-get update -qq
fi
# linux-image-amd64 is a metapackage; resolve the real versioned package name.
PKG=${KERNEL_PKG:-$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')}
[[ -n $PKG ]] || { echo "fetch-kernel: cannot resolve the kernel package behind linux-image-amd64" >&2; exit 1; }
echo "kernel package: $PKG $(apt-cache policy "$PKG" | awk '/Candidate/{print $2}')" >&2
rm -f "$OUT"/debs/*.deb
# (the sandbox user _apt cannot write to a root-owned cache dir; download as root, quietly)
( cd "$OUT/debs" && apt-get download -o APT::Sandbox::User=root "$PKG" >&2 )
rm -rf "$OUT/root"
dpkg -x "$OUT"/debs/"$PKG"_*.deb "$OUT/root"
KVER=$(ls "$OUT/root/lib/modules" | head -1)
echo "$KVER" > "$OUT/kver"
cp "$OUT/root/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
# The .deb ships no modules.dep (postinst runs depmod); generate it against the extracted tree.
depmod -b "$OUT/root" "$KVER"
echo "$PKG" > "$OUT/pkg"

# Uncompressed vmlinux for PVH boot: find the payload's magic in the bzImage and decompress from
# there (trailing data makes the decompressor complain; the result is checked to be an ELF).
rm -f "$OUT/vmlinux" "$OUT/boot-image"
BOOT=vmlinuz
extract() { # printf-escaped magic, decompressor...
  local magic=$1 pos; shift
  for pos in $(LC_ALL=C grep -aboF "$(printf "$magic")" "$OUT/vmlinuz" | cut -d: -f1); do
    tail -c +$((pos + 1)) "$OUT/vmlinuz" | "$@" > "$OUT/vmlinux.tmp" 2>/dev/null || true
    if file -b "$OUT/vmlinux.tmp" | grep -q '^ELF 64-bit'; then mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"; return 0; fi
  done
  rm -f "$OUT/vmlinux.tmp"; return 1
}
if grep -qx 'CONFIG_PVH=y' "$OUT/root/boot/config-$KVER" 2>/dev/null; then
  if extract '\3757zXZ' xz -dcq || extract '\050\265\057\375' zstd -dcq || extract '\037\213\010' gzip -dcq; then
    BOOT=vmlinux
  else
    echo "fetch-kernel: could not extract vmlinux from vmlinuz; booting the compressed image" >&2
  fi
fi
echo "$BOOT" > "$OUT/boot-image"
echo "$OUT/$BOOT ($KVER)" >&2
