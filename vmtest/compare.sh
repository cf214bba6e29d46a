#!/usr/bin/env bash
# keyrx beside the do-nothing forwarder (echod) and, if given, peer remappers, in interleaved
# rounds in one boot, with the same mapping for all (a -> b; CapsLock: tap Esc, hold LeftCtrl
# after 200 ms). Prints the table of BENCHMARKS.md with the spread over the rounds.
#
# Usage: vmtest/compare.sh [--keyrx BIN] [--keyd BIN] [--kanata BIN] [--rounds N] [--events N]
#                          [--clients N] [--variants LIST]
#   --keyrx    the keyrx binary (default: $CARGO_TARGET_DIR/release/keyrx, built if missing)
#   --keyd     a static keyd (2.6.0) binary; skipped when not given
#   --kanata   a static kanata (1.11.0) binary; skipped when not given
#   --rounds   interleaved rounds (default 3); each round runs every daemon once
#   --events   round trips per latency run, presses and releases alternating (default 10000)
#   --clients  dashboard (WebSocket) clients for the `keyrx+clients` variant (default 100)
#   --variants keyrx variants, comma-separated (default: keyrx,keyrx-noweb,keyrx+clients);
#              also: keyrx-fifo (--realtime 49), keyrx-mlock (--mlockall), keyrx-nice0 (the
#              observer threads at nice 0 instead of 19, hidden --observer-nice 0), keyrx-base (a
#              second binary given with --keyrx-base, e.g. the previous release)
#   --keyrx-base BIN   the binary for the keyrx-base variant
# Env: what run.sh takes (VMTEST_WORK, VMTEST_TARGET_DIR, VM_TIMEOUT, TEST_TIMEOUT, ...);
#      COMPARE_LOG=FILE keeps the guest console there.
# Exit: run.sh's code (0 when every check of the scenario passed).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

keyrx="" keyrx_base="" keyd="" kanata="" rounds=3 events=10000 clients=100
variants="keyrx,keyrx-noweb,keyrx+clients"
while (($#)); do
  case $1 in
    --keyrx) keyrx=$2; shift 2 ;;
    --keyrx-base) keyrx_base=$2; shift 2 ;;
    --keyd) keyd=$2; shift 2 ;;
    --kanata) kanata=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$events" "$clients"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "compare.sh: not a number: $n" >&2; exit 2; }
done
if [[ -z $keyrx ]]; then
  target=${CARGO_TARGET_DIR:-$REPO/target}
  keyrx=$target/release/keyrx
  [[ -x $keyrx ]] || (cd "$REPO" && cargo build --release --locked -p keyrx_daemon)
fi
for bin in "$keyrx" ${keyrx_base:+"$keyrx_base"} ${keyd:+"$keyd"} ${kanata:+"$kanata"}; do
  [[ -x $bin ]] || { echo "compare.sh: not an executable: $bin" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$keyrx:/vmtest/keyrx" "$HERE/configs/vm.rhai:/etc/keyrx/vm.rhai")
[[ -n $keyrx_base ]] && files+=("$keyrx_base:/vmtest/keyrx-base")
daemons=(echod)
IFS=, read -ra wanted <<<"$variants"
for v in "${wanted[@]}"; do
  case $v in
    keyrx | keyrx-noweb | keyrx+clients | keyrx-fifo | keyrx-mlock | keyrx-nice0) daemons+=("$v") ;;
    keyrx-base) [[ -n $keyrx_base ]] || { echo "compare.sh: keyrx-base needs --keyrx-base" >&2; exit 2; }
      daemons+=(keyrx-base) ;;
    *) echo "compare.sh: unknown variant $v" >&2; exit 2 ;;
  esac
done
if [[ -n $keyd ]]; then
  files+=("$keyd:/vmtest/keyd")
  cat >"$tmp/keyd.conf" <<'EOF'
[ids]
1209:0001

[main]
a = b
capslock = overloadt(control, esc, 200)
EOF
  files+=("$tmp/keyd.conf:/etc/keyd/default.conf")
  daemons+=(keyd)
fi
if [[ -n $kanata ]]; then
  files+=("$kanata:/vmtest/kanata")
  cat >"$tmp/kanata.kbd" <<'EOF'
(defcfg
  process-unmapped-keys yes
  linux-dev-names-include ("vm-kbd")
)
(defsrc a caps)
(defalias th (tap-hold 200 200 esc lctl))
(deflayer base b @th)
EOF
  files+=("$tmp/kanata.kbd:/etc/kanata/vm.kbd")
  daemons+=(kanata)
fi

web_env="env STATE_DIRECTORY=/run/keyrx XDG_CONFIG_HOME=/run/keyrx-config"
# One daemon's block: start, wait until it remaps, then idle cost, RSS, latency, CPU per
# event, RSS again, tap-hold timing; stop.
block() {
  local d=$1 round=$2 out spawn latency_out=b
  case $d in
    echod) spawn="echod ^vm-kbd\$"; out='^echod output$'; latency_out="" ;;
    keyrx | keyrx+clients) spawn="$web_env keyrx run --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyrx-noweb) spawn="keyrx run --no-web --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyrx-fifo) spawn="$web_env keyrx run --realtime 49 --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyrx-mlock) spawn="$web_env keyrx run --mlockall --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyrx-nice0) spawn="$web_env keyrx run --observer-nice 0 --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyrx-base) spawn="$web_env keyrx-base run --config /etc/keyrx/vm.rhai"; out='^keyrx virtual keyboard$' ;;
    keyd) spawn="keyd"; out='^keyd virtual keyboard$' ;;
    kanata) spawn="kanata --nodelay --cfg /etc/kanata/vm.kbd"; out='^kanata$' ;;
  esac
  cat <<EOF
echo BENCH daemon=$d round=$round
spawn $spawn
output '$out' 10000
wait-ready z 10000
sleep 1000
expect-idle 3000 1000000
rss
EOF
  [[ $d == keyrx+clients ]] && echo "ws-open $clients 9867 /run/keyrx/token keys state stats devices config"
  echo "latency $events a $latency_out"
  echo "rss"
  [[ -n $latency_out ]] && echo "hold-timing capslock leftctrl 200 20"
  [[ $d == keyrx+clients ]] && echo "ws-close"
  cat <<EOF
signal TERM
exited-within 3000
EOF
}

{
  echo "# Generated by vmtest/compare.sh: ${daemons[*]}, $rounds rounds of $events events."
  echo "source vm-kbd 1209:0001"
  echo "sh 'mkdir -p /var/run /run/keyrx /run/keyrx-config'"
  for ((r = 1; r <= rounds; r++)); do
    echo "echo BENCH baseline round=$r"
    echo "baseline-latency $events a"
    # Rotate the order each round, so no daemon always runs first or last.
    n=${#daemons[@]}
    for ((i = 0; i < n; i++)); do
      block "${daemons[$(((i + r - 1) % n))]}" "$r"
    done
  done
} >"$tmp/compare.scn"

log=${COMPARE_LOG:-$tmp/console.log}
export TEST_TIMEOUT=${TEST_TIMEOUT:-1800} VM_TIMEOUT=${VM_TIMEOUT:-1900}
set +e
"$HERE/run.sh" "$tmp/compare.scn" "${files[@]}" >"$log" 2>&1
rc=$?
set -e
kver=${VMTEST_WORK:-$HOME/.cache/keyrx-vmtest}/kernel/kver
echo "kernel: $(cat "$kver" 2>/dev/null || echo unknown), TCG unless run.sh said otherwise"
echo "QEMU: $(qemu-system-x86_64 --version | head -1)"
echo "rounds: $rounds x $events events; run.sh exit $rc; console: $log"
python3 "$HERE/compare_table.py" <"$log"
exit $rc
