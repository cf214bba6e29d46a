#!/usr/bin/env bash
# The initramfs of one systemd scenario: the cached Debian image (build-image.sh) followed by a
# second cpio with vmdriver, the scenario, the files under test and vmtest.service. The kernel
# unpacks both, the later over the earlier. systemd boots as PID 1 (rdinit=/sbin/init);
# vmtest.service waits until the boot has finished, runs `vmdriver /vmtest/scenario.scn`, prints
# ===TEST-EXIT=N=== on the serial console and powers off.
#
# Usage: pack.sh IMAGE.cpio OUT VMDRIVER SCENARIO [HOST[:GUEST] ...]
#   HOST[:GUEST]  extra files; GUEST defaults to /vmtest/<basename>
# Env: TEST_TIMEOUT=240 (seconds, vmdriver's limit inside the guest)
set -euo pipefail
IMAGE=${1:?image}; OUT=${2:?out}; DRIVER=${3:?vmdriver}; SCN=${4:?scenario}; shift 4
TEST_TIMEOUT=${TEST_TIMEOUT:-240}
STAGE=$(mktemp -d "$(dirname "$OUT")/stage.XXXXXX"); trap 'rm -rf "$STAGE"' EXIT
# Directories in this archive replace the modes of the image's (the kernel chmods them): no "."
# entry, and 0755 everywhere.
umask 022
mkdir -p "$STAGE/vmtest" "$STAGE/etc/systemd/system/multi-user.target.wants"
cp "$DRIVER" "$STAGE/vmtest/vmdriver"
cp "$SCN" "$STAGE/vmtest/scenario.scn"
for spec in "$@"; do
  host=${spec%%:*}; guest=${spec#*:}
  [[ $spec == *:* ]] || guest=/vmtest/$(basename "$host")
  [[ -e $host ]] || { echo "pack: no such file: $host" >&2; exit 1; }
  mkdir -p "$STAGE$(dirname "$guest")"
  cp -L "$host" "$STAGE$guest"
  echo "packed $host -> $guest" >&2
done

cat > "$STAGE/vmtest/guest-run" <<RUN
#!/bin/sh
# Runs once the boot has finished (this unit is Type=simple, so it does not hold the boot up).
state=\$(systemctl is-system-running --wait)
echo "guest: kernel=\$(uname -r) systemd=\$(systemctl --version | head -1 | cut -d' ' -f2) boot=\$state at \$(cut -d' ' -f1 /proc/uptime) s"
[ "\$state" = running ] || systemctl --failed --no-pager
echo "===TEST-START==="
cd /vmtest
PATH=/vmtest:\$PATH timeout $TEST_TIMEOUT /vmtest/vmdriver /vmtest/scenario.scn
rc=\$?
echo "===TEST-EXIT=\$rc==="
systemctl poweroff --force --force
RUN
chmod +x "$STAGE/vmtest/guest-run"
cat > "$STAGE/etc/systemd/system/vmtest.service" <<'UNIT'
[Unit]
Description=vmtest scenario
[Service]
Type=simple
ExecStart=/vmtest/guest-run
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
UNIT
ln -s ../vmtest.service "$STAGE/etc/systemd/system/multi-user.target.wants/vmtest.service"

{ cat "$IMAGE"; ( cd "$STAGE" && find . -mindepth 1 -print0 | sort -z | cpio --null -o -H newc --quiet --owner=0:0 ); } > "$OUT"
echo "initramfs $OUT: $(du -h "$OUT" | cut -f1)" >&2
