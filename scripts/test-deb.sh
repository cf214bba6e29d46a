#!/usr/bin/env bash
# Checks keyrx's .deb as a user would get it: every file at its place with its mode, the
# conffile, the control fields and Depends, and maintainer scripts that parse. Exit 0 when all
# hold; prints each failure.
# Usage: scripts/test-deb.sh [PACKAGE.deb | OUT_DIR]   without a .deb, builds one first
#        (scripts/build-deb.sh OUT_DIR; KEYRX_BIN to package a given binary)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${1:-} == *.deb && -f $1 ]]; then
  DEB=$1
else
  DEB=$("$REPO/scripts/build-deb.sh" ${1:+"$1"} | tail -1)
fi
echo "== test-deb: $DEB"
fail=0 passed=0
check() { # DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what" >&2; fail=$((fail + 1)); fi
}

LIST=$(dpkg-deb -c "$DEB" | awk '{print $1, $6}')
for entry in \
  "-rwxr-xr-x ./usr/bin/keyrx" \
  "-rw-r--r-- ./usr/lib/systemd/system/keyrx.service" \
  "-rw-r--r-- ./usr/lib/systemd/user/keyrx.service" \
  "-rw-r--r-- ./usr/lib/udev/rules.d/99-keyrx.rules" \
  "-rw-r--r-- ./usr/lib/modules-load.d/keyrx.conf" \
  "-rw-r--r-- ./usr/lib/sysusers.d/keyrx.conf" \
  "-rw-r--r-- ./etc/keyrx/config.rhai" \
  "-rw-r--r-- ./usr/share/doc/keyrx/copyright" \
  "-rw-r--r-- ./usr/share/doc/keyrx/linux.md" \
  "-rw-r--r-- ./usr/share/doc/keyrx/config.md" \
  "-rw-r--r-- ./usr/share/man/man1/keyrx.1.gz" \
  "-rw-r--r-- ./usr/share/man/man1/keyrx-run.1.gz" \
  "-rw-r--r-- ./usr/share/bash-completion/completions/keyrx" \
  "-rw-r--r-- ./usr/share/zsh/vendor-completions/_keyrx" \
  "-rw-r--r-- ./usr/share/fish/vendor_completions.d/keyrx.fish"; do
  check "file list has '$entry'" grep -qxF -- "$entry" <<< "$LIST"
done
check "every file is root's" test -z "$(dpkg-deb -c "$DEB" | awk '$2 != "root/root"')"
check "nothing under /usr/local or /home" test -z "$(grep -E ' \./(usr/local|home)/' <<< "$LIST" || true)"

field() { dpkg-deb -f "$DEB" "$1"; }
check "Package: keyrx" test "$(field Package)" = keyrx
check "Architecture: $(dpkg --print-architecture)" test "$(field Architecture)" = "$(dpkg --print-architecture)"
check "Version is the binary's" test "$(field Version)" = "$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/bin/keyrx > "${TMPDIR:-/tmp}/keyrx-deb-bin" && chmod +x "${TMPDIR:-/tmp}/keyrx-deb-bin" && "${TMPDIR:-/tmp}/keyrx-deb-bin" --version | awk '{print $2}')"
check "Depends on libc6 with a version" grep -qE '^libc6 \(>= [0-9]+\.[0-9]+\)' <<< "$(field Depends)"
check "Depends on passwd (groupadd)" grep -q 'passwd' <<< "$(field Depends)"
check "Installed-Size is set" grep -qE '^[0-9]+$' <<< "$(field Installed-Size)"
check "Description has a synopsis" test -n "$(field Description | head -1)"

CTRL=$(mktemp -d "${TMPDIR:-/tmp}/keyrx-deb-ctrl.XXXXXX")
trap 'rm -rf "$CTRL" "${TMPDIR:-/tmp}/keyrx-deb-bin"' EXIT
dpkg-deb -e "$DEB" "$CTRL"
check "conffiles is /etc/keyrx/config.rhai" test "$(cat "$CTRL/conffiles")" = /etc/keyrx/config.rhai
for script in postinst prerm postrm; do
  check "$script is executable" test -x "$CTRL/$script"
  check "$script parses" sh -n "$CTRL/$script"
done
check "postinst creates the uinput and keyrx groups" grep -q 'for group in uinput keyrx' "$CTRL/postinst"
check "postinst reloads udev rules" grep -q 'udevadm control --reload-rules' "$CTRL/postinst"
check "md5sums cover the binary" grep -q ' usr/bin/keyrx$' "$CTRL/md5sums"
UNIT=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/lib/systemd/system/keyrx.service)
for line in 'ExecStart=/usr/bin/keyrx run' 'StateDirectory=keyrx' 'ConfigurationDirectory=keyrx' \
            'Group=keyrx' 'ProtectHome=yes' 'ProtectSystem=strict'; do
  check "system unit has $line" grep -qxF "$line" <<< "$UNIT"
done

echo "$passed passed, $fail failed"
exit $(( fail > 0 ))
