#!/usr/bin/env bash
# The version matrix: virtwire's live suites against libvirt 11.x (Debian
# trixie) and 12.x (Debian sid) beside the machine's 9.0, in one run.
#  1. scripts/libvirt-versions.sh start (restores its cached folders, ~1 s
#     each; builds them the first time, ~35 s each on an idle machine)
#  2. test/versions/ against all three daemons at once
#  3. per newer daemon, the live suites below with VIRTWIRE_LIBVIRTD_RUNDIR set,
#     run "on that host" (libvirt-versions.sh run: its network namespace, its
#     /run/libvirt), so plain qemu:///system and test+tcp://127.0.0.1 reach it
#  4. stop the daemons (also on failure or interrupt)
# The 9.0 run of the same suites is the ordinary `npm test`.
#
# Usage: sudo scripts/test-matrix.sh [--keep] [TEST-PATH-SUBSTRING...]
#   --keep  leave the newer daemons running afterwards
# Default test paths: test/api/ test/events/ test/streams/.
# Environment: VIRTWIRE_MATRIX_SUITES (default "trixie sid"),
# VIRTWIRE_MATRIX_TIMEOUT (seconds per suite run, default 900),
# VIRTWIRE_MATRIX_STRICT=1 (also run the NINE_ONLY tests below).
# Expects a build (npm run build:all); builds if build/ is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

keep=0
paths=()
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "test-matrix: unknown option $arg" >&2; exit 2 ;;
    *) paths+=("$arg") ;;
  esac
done
# Not conformance-libvirtd: its scenarios pin the embedded driver to 9.0's test
# driver, which 11.x changed (device attach, node_get_free_pages).
[ ${#paths[@]} -gt 0 ] || paths=(test/api/ test/events/ test/streams/)
read -r -a suites <<<"${VIRTWIRE_MATRIX_SUITES:-trixie sid}"
TIMEOUT=${VIRTWIRE_MATRIX_TIMEOUT:-900}
VERSIONS=scripts/libvirt-versions.sh

# Tests that assert libvirt 9.0's own behaviour where newer releases changed it
# (until they branch on the daemon's version): skipped on the newer daemons,
# and named in the output. VIRTWIRE_MATRIX_STRICT=1 runs them anyway.
NINE_ONLY=(
  # the test driver implements device attach/detach/update since 11.x
  "attachDevice: flags 0 -> ATTACH_DEVICE, flags -> ATTACH_DEVICE_FLAGS (both NO_SUPPORT here)"
  "detachDevice, detachDeviceAlias, updateDevice: NO_SUPPORT from the test driver"
  # procedure 448 exists since 10.2 (test/versions/ covers both sides)
  "graphicsReload: libvirtd 9.0 does not know the procedure"
  # the test driver's getSecurityLabelList: 9.0 internal error (1/0), later NO_SUPPORT (3/20)
  "security labels and launch security"
  # the test driver's node CPU and memory statistics changed after 9.0 (a 'guest' CPU time, ...)
  "node CPU and memory calls on libvirtd's test driver"
)

say() { echo "test-matrix: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

[ -d build/test ] || { say "no build/: npm run build:all"; npm run build:all --silent; }

summary=()
failed=0
# shellcheck disable=SC2317 # runs from the EXIT trap
finish() {
  local rc=$?
  if [ "$keep" -eq 0 ]; then bash "$VERSIONS" stop "${suites[@]}" || rc=1; fi
  echo
  echo "=== matrix"
  if [ ${#summary[@]} -gt 0 ]; then printf '  %s\n' "${summary[@]}"; fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

step() { # label command...
  local label=$1 t0 rc=0
  shift
  t0=$(now)
  echo
  echo "=== [matrix: $label]"
  "$@" || rc=$?
  summary+=("$(printf '%-34s %7ss  %s' "$label" "$(since "$t0")" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")")")
  [ "$rc" -eq 0 ] || failed=1
  return 0
}

step "start ${suites[*]}" bash "$VERSIONS" start "${suites[@]}"
[ "$failed" -eq 0 ] || exit 1

step "test/versions (all daemons)" env VIRTWIRE_MATRIX=1 node scripts/run-tests.mjs test/versions/

# The compiled test files whose paths contain one of the given substrings.
mapfile -t files < <(find build/test -name '*.test.js' | sort | grep -F "${paths[@]/#/-e}")
[ ${#files[@]} -gt 0 ] || { say "no test files match: ${paths[*]}"; exit 1; }

# node --test runs only the tests whose names match: everything but NINE_ONLY.
# A test also runs when an ancestor's name matches, so the pattern must not
# match the per-file parents (their paths) or the runner's <root>.
name_filter=()
if [ "${VIRTWIRE_MATRIX_STRICT:-0}" != 1 ]; then
  # shellcheck disable=SC2016 # a sed expression, not shell
  alts=$(printf '%s\n' "${NINE_ONLY[@]}" | sed 's/[][\.*^$()+?{}|/]/\\&/g' | paste -sd'|')
  name_filter=(--test-name-pattern="^(?!<root>\$)(?!build/test/)(?!(?:$alts)\$)")
  say "skipped on the newer daemons (9.0-specific expectations):"
  printf '  - %s\n' "${NINE_ONLY[@]}"
fi

while read -r suite version rundir; do
  [[ " ${suites[*]} " == *" $suite "* ]] || continue
  step "libvirt $version ($suite)" \
    env VIRTWIRE_MATRIX=1 VIRTWIRE_LIBVIRTD_RUNDIR="$rundir" VIRTWIRE_LIBVIRTD_SOCK="$rundir/libvirt-sock" \
    bash "$VERSIONS" run "$suite" timeout -k 15 "$TIMEOUT" \
    node --test --test-reporter=spec "${name_filter[@]}" "${files[@]}"
done < <(bash "$VERSIONS" env "${suites[@]}")

exit "$failed"
