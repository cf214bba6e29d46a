#!/usr/bin/env bash
# Build a gzip'd newc initramfs that boots straight into vmdriver: busybox (all applets), the
# input modules (evdev, uinput + their deps), vmdriver, the scenario and the files under test.
# /init loads the modules, runs `vmdriver /vmtest/scenario.scn`, prints ===TEST-EXIT=N=== and
# powers off.
#
# Usage: build-initramfs.sh KERNEL_DIR OUT.gz VMDRIVER SCENARIO [HOST[:GUEST] ...]
#   KERNEL_DIR  output of fetch-kernel.sh
#   HOST[:GUEST] extra files; GUEST defaults to /vmtest/<basename>. /vmtest is first on PATH and the
#               working directory of the scenario. Dynamically linked ELF files get their
#               shared libraries (ldd) bundled at the same paths.
# Env: MODULES="evdev uinput" (module names), TEST_TIMEOUT=240 (seconds, inside the guest),
#      BUSYBOX=/bin/busybox (must be static).
# The initramfs root is itself a writable rootfs, so /tmp needs no extra mount (mounting a tmpfs
# there would hide files placed under /tmp).
set -euo pipefail
KOUT=$(cd "${1:?kernel dir}" && pwd); OUTGZ=${2:?out.gz}; DRIVER=${3:?vmdriver}; SCN=${4:?scenario}; shift 4
MODULES=${MODULES:-"evdev uinput"}
TEST_TIMEOUT=${TEST_TIMEOUT:-240}
KVER=$(cat "$KOUT/kver"); MROOT="$KOUT/root/lib/modules/$KVER"
BUSYBOX=${BUSYBOX:-/bin/busybox}
file -L "$BUSYBOX" | grep -q 'statically linked' || { echo "need a static busybox (apt-get install busybox-static)" >&2; exit 1; }
file -L "$DRIVER" | grep -qE 'statically linked|static-pie linked' || { echo "$DRIVER must be statically linked" >&2; exit 1; }

STAGE=$(mktemp -d "$(dirname "$OUTGZ")/stage.XXXXXX"); trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,tmp,run,var,etc,lib/modules,vmtest}
ln -s ../run "$STAGE/var/run"
cp "$BUSYBOX" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
mknod -m 600 "$STAGE/dev/console" c 5 1
mknod -m 666 "$STAGE/dev/null" c 1 3
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$STAGE/etc/passwd"
printf 'root:x:0:\ninput:x:101:\nuinput:x:102:\n' > "$STAGE/etc/group"

# Modules + dependencies from modules.dep, in load order (deps first), decompressed.
declare -A seen=(); order=()
modpath() { # name -> path relative to the modules dir
  local n=${1//-/_}
  awk -F: -v n="$n" '{f=$1; b=f; sub(/.*\//,"",b); sub(/\.ko(\.(xz|zst|gz))?$/,"",b); gsub(/-/,"_",b); if (b==n) {print f; exit}}' "$MROOT/modules.dep"
}
add_mod() {
  local rel=$1; [[ -n ${seen[$rel]:-} ]] && return; seen[$rel]=1
  local deps; deps=$(awk -F': *' -v f="$rel" '$1==f{print $2}' "$MROOT/modules.dep")
  for d in $deps; do add_mod "$d"; done
  order+=("$rel")
}
for m in $MODULES; do
  if grep -qE "/${m//_/[_-]}\.ko" "$MROOT/modules.builtin"; then echo "module $m is built in" >&2; continue; fi
  rel=$(modpath "$m"); [[ -n $rel ]] || { echo "module $m not found" >&2; exit 1; }
  add_mod "$rel"
done
: > "$STAGE/lib/modules/load-order"
for rel in "${order[@]}"; do
  base=$(basename "$rel"); dst="$STAGE/lib/modules/${base%%.ko*}.ko"
  case "$rel" in
    *.ko.xz)  xz -dc "$MROOT/$rel" > "$dst" ;;
    *.ko.zst) zstd -qdc "$MROOT/$rel" > "$dst" ;;
    *.ko.gz)  gzip -dc "$MROOT/$rel" > "$dst" ;;
    *.ko)     cp "$MROOT/$rel" "$dst" ;;
  esac
  echo "/lib/modules/$(basename "$dst")" >> "$STAGE/lib/modules/load-order"
done

cp "$DRIVER" "$STAGE/vmtest/vmdriver"
cp "$SCN" "$STAGE/vmtest/scenario.scn"

bundle_libs() { # dynamically linked ELF -> copy its shared libraries (and loader) at their paths
  local f=$1
  file -L "$f" | grep -q 'dynamically linked' || return 0
  local libs; libs=$(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true)
  for lib in $libs; do
    [[ -e $STAGE$lib ]] && continue
    mkdir -p "$STAGE$(dirname "$lib")"; cp -L "$lib" "$STAGE$lib"
  done
  echo "bundled for $(basename "$f"): $(echo $libs)" >&2
}
for spec in "$@"; do
  host=${spec%%:*}; guest=${spec#*:}
  [[ $spec == *:* ]] || guest=/vmtest/$(basename "$host")
  [[ -e $host ]] || { echo "no such file: $host" >&2; exit 1; }
  mkdir -p "$STAGE$(dirname "$guest")"
  cp -L "$host" "$STAGE$guest"
  [[ -x $host && ! -d $host ]] && bundle_libs "$host"
  echo "packed $host -> $guest" >&2
done

cat > "$STAGE/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/vmtest:/bin:/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Loopback for keyrx's web API (keyrx status).
ip link set lo up || echo "no loopback"
while read -r m; do insmod "\$m" || echo "insmod \$m failed"; done < /lib/modules/load-order
echo "guest: kernel=\$(cat /proc/sys/kernel/osrelease) clocksource=\$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource) cpus=\$(grep -c ^processor /proc/cpuinfo) mem=\$(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2)kB"
cd /vmtest
echo "===TEST-START==="
timeout $TEST_TIMEOUT /vmtest/vmdriver /vmtest/scenario.scn
rc=\$?
echo "===TEST-EXIT=\$rc==="
poweroff -f
INIT
chmod +x "$STAGE/init"
( cd "$STAGE" && find . -print0 | sort -z | cpio --null -o -H newc --quiet --owner=0:0 ) | gzip -1 > "$OUTGZ"
echo "initramfs $OUTGZ: $(du -h "$OUTGZ" | cut -f1), modules: ${order[*]:-none}" >&2
