# Host packages the tests need, installed with apt-get when missing. Sourced by scripts/test.sh
# and vmtest/run.sh so that every test script installs (or names) its packages the same way.
#
#   missing_packages PROBE=PACKAGE ...   prints the packages whose probe fails; a probe is a
#                                        command name, or an absolute path that must be executable
#   install_packages [--recommends] WHY PACKAGE ...
#                                        installs them (apt-get update first); where apt-get is
#                                        absent or not permitted, prints one line naming the
#                                        packages and returns 1

missing_packages() {
  local spec probe pkg seen=" "
  for spec in "$@"; do
    probe=${spec%%=*} pkg=${spec#*=}
    if [[ $probe == /* ]]; then
      [[ -x $probe ]] && continue
    else
      command -v "$probe" >/dev/null 2>&1 && continue
    fi
    [[ $seen == *" $pkg "* ]] && continue
    seen+="$pkg "
    printf '%s\n' "$pkg"
  done
}

install_packages() {
  local recommends=(--no-install-recommends)
  if [[ ${1:-} == --recommends ]]; then recommends=(); shift; fi
  local why=$1; shift
  (( $# )) || return 0
  local run=()
  if (( EUID != 0 )); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      run=(sudo -n)
    else
      echo "$why: missing Debian packages: $* (install them: sudo apt-get install $*)" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$why: missing packages (Debian names): $*; install them and run again" >&2
    return 1
  fi
  echo "$why: installing $* with apt-get" >&2
  if ! { "${run[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "${recommends[@]}" "$@" >/dev/null; }; then
    echo "$why: apt-get could not install $*; install them and run again" >&2
    return 1
  fi
}
