#!/usr/bin/env bash
# Run every scenario listed in vmtest/scenarios/ci.list, each in its own QEMU boot, stopping at
# the first failure; then print a summary.
#
# Usage: vmtest/ci.sh [LIST]        (default LIST: vmtest/scenarios/ci.list)
#
# List format: one scenario per line, then the extra files for run.sh on the same line
# (HOST[:GUEST], separated by spaces; no quoting). `#` starts a comment. Relative paths are taken
# from the list's directory. These variables are expanded ($NAME or ${NAME}); any other `$` is an
# error:
#   $KEYRX_BIN  the keyrx binary. If unset and a line uses it, ci.sh builds it first
#               (cargo build --release --locked -p keyrx_daemon; honours CARGO_TARGET_DIR).
#   $KEYRX_DEB  keyrx's Debian package. If unset and a line uses it, ci.sh builds it from
#               $KEYRX_BIN with scripts/build-deb.sh.
#   $REPO       the repository root        $VMTEST  this directory
# Env: everything run.sh takes (VMTEST_WORK, ACCEL, VM_TIMEOUT, ...).
# Exit: 0 all passed; otherwise the failing scenario's run.sh code (1 check failed, 2 aborted,
# 125 no exit marker), or 2 for a bad list.
set -euo pipefail
VMTEST=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$VMTEST/.." && pwd)
LIST=${1:-$VMTEST/scenarios/ci.list}
[[ -f $LIST ]] || { echo "vmtest/ci.sh: no such list: $LIST" >&2; exit 2; }
LIST_DIR=$(cd "$(dirname "$LIST")" && pwd)
WORK=${VMTEST_WORK:-$HOME/.cache/keyrx-vmtest}
mkdir -p "$WORK"

# Parse the list first, so that a bad line costs no boot.
declare -a LINES=()
lineno=0
needs_keyrx=0
needs_deb=0
while IFS= read -r raw || [[ -n $raw ]]; do
  lineno=$((lineno + 1))
  line=${raw%%#*}
  [[ -n ${line//[[:space:]]/} ]] || continue
  rest=$line
  for v in KEYRX_BIN KEYRX_DEB REPO VMTEST; do rest=${rest//"\${$v}"/}; rest=${rest//"\$$v"/}; done
  if [[ $rest == *'$'* ]]; then
    echo "vmtest/ci.sh: $LIST:$lineno: unknown variable (known: \$KEYRX_BIN \$KEYRX_DEB \$REPO \$VMTEST): $raw" >&2
    exit 2
  fi
  [[ $line == *KEYRX_BIN* || $line == *KEYRX_DEB* ]] && needs_keyrx=1
  [[ $line == *KEYRX_DEB* ]] && needs_deb=1
  LINES+=("$lineno:$line")
done < "$LIST"
(( ${#LINES[@]} )) || { echo "vmtest/ci.sh: $LIST lists no scenario" >&2; exit 2; }

if (( needs_keyrx )) && [[ -z ${KEYRX_BIN:-} ]]; then
  echo "== vmtest: building keyrx (KEYRX_BIN unset)"
  ( cd "$REPO" && cargo build --release --locked -p keyrx_daemon -q )
  tdir=${CARGO_TARGET_DIR:-$REPO/target}
  [[ $tdir == /* ]] || tdir=$REPO/$tdir
  KEYRX_BIN=$tdir/release/keyrx
fi
if (( needs_keyrx )) && [[ ! -x $KEYRX_BIN ]]; then
  echo "vmtest/ci.sh: KEYRX_BIN=$KEYRX_BIN is not an executable" >&2
  exit 2
fi

if (( needs_deb )) && [[ -z ${KEYRX_DEB:-} ]]; then
  echo "== vmtest: building the .deb (KEYRX_DEB unset)"
  KEYRX_DEB=$(KEYRX_BIN=$KEYRX_BIN "$REPO/scripts/build-deb.sh" "$WORK/deb" | tail -1)
fi

expand() { # one word: variables, then relative paths from the list's directory
  local w=$1 v val
  for v in KEYRX_BIN KEYRX_DEB REPO VMTEST; do
    val=${!v:-}
    w=${w//"\${$v}"/$val}; w=${w//"\$$v"/$val}
  done
  local host=${w%%:*} guest=""
  [[ $w == *:* ]] && guest=:${w#*:}
  [[ $host == /* ]] || host=$LIST_DIR/$host
  printf '%s%s' "$host" "$guest"
}

passed=0 failed=0 total=${#LINES[@]}
declare -a SUMMARY=()
t_all=$(date +%s%N)
for entry in "${LINES[@]}"; do
  lineno=${entry%%:*}
  read -ra words <<< "${entry#*:}"
  args=()
  for w in "${words[@]}"; do args+=("$(expand "$w")"); done
  scn=${args[0]}
  name=$(basename "$scn")
  echo
  echo "== vmtest: $name (${LIST#"$REPO"/}:$lineno)"
  out=$WORK/ci-${name%.*}.out
  t0=$(date +%s%N)
  set +e
  "$VMTEST/run.sh" "${args[@]}" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  secs=$(awk -v n=$(( $(date +%s%N) - t0 )) 'BEGIN{printf "%.1f", n/1e9}')
  checks=$( (grep -aoE '^RESULT summary .*' "$out" || true) | tail -1 | sed 's/^RESULT summary //')
  SUMMARY+=("$(printf '%-28s rc=%-3s %6ss  %s' "$name" "$rc" "$secs" "${checks:-no summary}")")
  if (( rc != 0 )); then
    failed=1
    case $rc in
      1) why="a check failed (see the FAILED lines above)" ;;
      2) why="the scenario aborted or has a syntax error (see the ABORTED/ERROR line above)" ;;
      125) why="no exit marker: boot failure, guest crash or VM timeout" ;;
      143) why="vmdriver was killed by the guest's TEST_TIMEOUT (${TEST_TIMEOUT:-240} s): a command hung" ;;
      *) why="exit $rc" ;;
    esac
    echo
    echo "vmtest: FAILED $name: $why"
    echo "vmtest: full output in $out; stopping at the first failure"
    break
  fi
  passed=$((passed + 1))
done

echo
echo "== vmtest summary ($(awk -v n=$(( $(date +%s%N) - t_all )) 'BEGIN{printf "%.1f", n/1e9}') s)"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "vmtest: $passed passed, $failed failed, $((total - passed - failed)) skipped"
(( failed == 0 )) || exit "$rc"
