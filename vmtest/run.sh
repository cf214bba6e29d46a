#!/usr/bin/env bash
# keyrx real-kernel test harness: run one scenario inside a QEMU guest (stock Debian kernel with
# evdev + uinput), against any daemon binary.
#
# Usage: vmtest/run.sh SCENARIO [HOST_FILE[:GUEST_PATH] ...]
#   Files default to /vmtest/<basename> in the guest (/vmtest is first on PATH and the working
#   directory). vmdriver and echod (the self-test daemon) are always there.
#   A scenario whose first lines hold `# vmtest: init=systemd` boots a Debian system with
#   systemd as PID 1 instead (systemd/build-image.sh, cached; systemd/pack.sh), where vmdriver
#   runs from a service once the boot has finished.
#   Prints the guest console (vmdriver's output), then "run.sh: exit N"; exits with vmdriver's
#   code: 0 all checks passed, 1 a check failed, 2 scenario aborted/syntax error,
#   125 no exit marker (boot failure, guest crash, VM timeout).
# Env: VMTEST_WORK=$HOME/.cache/keyrx-vmtest   scratch: kernel cache, initramfs, console logs
#      VMTEST_TARGET_DIR=$HOME/.cache/keyrx-vmtest-target   cargo target dir for vmdriver/echod
#      ACCEL=auto|kvm|tcg  VM_SMP=1 VM_MEM=512 VM_TIMEOUT=300 BOOT_TIMEOUT=60 (see run-vm.sh)
#      TEST_TIMEOUT=240    vmdriver's limit inside the guest (seconds)
#      KERNEL_PKG=...      pin a kernel package (default: what linux-image-amd64 depends on)
#      BOOT_IMAGE=auto|vmlinux|vmlinuz   auto: the uncompressed vmlinux (PVH boot) when available
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SCN=${1:?usage: run.sh SCENARIO [HOST_FILE[:GUEST_PATH] ...]}; shift
WORK=${VMTEST_WORK:-$HOME/.cache/keyrx-vmtest}
TARGET_DIR=${VMTEST_TARGET_DIR:-$HOME/.cache/keyrx-vmtest-target}
TARGET=x86_64-unknown-linux-gnu
mkdir -p "$WORK"
[[ -f $SCN ]] || { echo "run.sh: no such scenario: $SCN" >&2; exit 2; }

# 1. Host tools (Debian/Ubuntu), installed when missing (apt-get update only then).
. "$HERE/../scripts/lib/host-packages.sh"
mapfile -t missing < <(missing_packages qemu-system-x86_64=qemu-system-x86 file=file depmod=kmod \
  cpio=cpio xz=xz-utils zstd=zstd)
# The initramfs needs a static busybox: Debian's `busybox` package is dynamically linked.
if ! { [[ -x /bin/busybox ]] && command -v file >/dev/null &&
  file -L /bin/busybox | grep -qE 'statically linked|static-pie linked'; }; then
  missing+=(busybox-static)
fi
install_packages "vmtest/run.sh" "${missing[@]}" || exit 2

# 2. vmdriver + echod, static. The explicit --target keeps crt-static away from build scripts.
( cd "$HERE/vmdriver" && RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
  CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --locked --target $TARGET -q )
BIN=$TARGET_DIR/$TARGET/release
DRIVER=$BIN/vmdriver

# 3. Syntax check on the host: no boot wasted on a typo.
"$DRIVER" --check "$SCN" >&2

# 4. Kernel (cached in $WORK/kernel; refetched when KERNEL_PKG names another package).
#    vmlinux (PVH entry, no self-decompression) where the kernel allows it, else vmlinuz.
if [[ ! -f $WORK/kernel/boot-image || ( -n ${KERNEL_PKG:-} && $(cat "$WORK/kernel/pkg" 2>/dev/null) != "$KERNEL_PKG" ) ]]; then
  "$HERE/fetch-kernel.sh" "$WORK/kernel"
fi
IMAGE=${BOOT_IMAGE:-auto}
[[ $IMAGE == auto ]] && IMAGE=$(cat "$WORK/kernel/boot-image")
[[ $IMAGE == vmlinux || $IMAGE == vmlinuz ]] || { echo "run.sh: BOOT_IMAGE must be auto|vmlinux|vmlinuz" >&2; exit 2; }

# 5. initramfs + boot.
NAME=$(basename "${SCN%.*}")
if head -5 "$SCN" | grep -qx '# vmtest: init=systemd'; then
  ROOTFS=$("$HERE/systemd/build-image.sh" "$WORK/kernel" "$WORK/systemd" | tail -1)
  INITRD=$WORK/initrd-$NAME.cpio
  "$HERE/systemd/pack.sh" "$ROOTFS" "$INITRD" "$DRIVER" "$SCN" "$@"
  # The whole system lives in RAM; systemd's boot takes longer than vmdriver's /init.
  export VM_MEM=${VM_MEM:-1024} BOOT_TIMEOUT=${BOOT_TIMEOUT:-180}
  export VM_APPEND="rdinit=/sbin/init systemd.show_status=false ${VM_APPEND:-}"
else
  INITRD=$WORK/initrd-$NAME.gz
  "$HERE/build-initramfs.sh" "$WORK/kernel" "$INITRD" "$DRIVER" "$SCN" "$BIN/echod" "$@"
fi
set +e
"$HERE/run-vm.sh" "$WORK/kernel/$IMAGE" "$INITRD" "$WORK/console-$NAME.log"
rc=$?
set -e
echo "run.sh: exit $rc (console log: $WORK/console-$NAME.log)"
exit $rc
