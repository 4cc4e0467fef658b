#!/usr/bin/env bash
# Runs the whole surefire suite N times in a row while two busy loops load the CPUs, the way a
# shared CI machine does, and prints one line per run and then "N passed, M failed". Exits
# non-zero when any run failed. A test that fails one run in ten is a failing test.
#
#   scripts/flake-loop.sh          10 runs
#   scripts/flake-loop.sh 3        3 runs (or FLAKE_RUNS=3)
#
# Each run is a fresh `./mvnw -B -q -o test` (offline: run the build once before), so Maven
# options such as a local repository come from MAVEN_ARGS as usual. The log of every run is kept
# in a temporary folder named at the start.
set -uo pipefail

cd "$(dirname "$0")/.."
runs=${1:-${FLAKE_RUNS:-10}}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "flake-loop: the number of runs must be a positive whole number, got '$runs'" >&2
  exit 2
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/flake-loop.XXXXXX")
busy=()
stop_load() {
  for pid in "${busy[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  busy=()
}
trap stop_load EXIT
trap 'stop_load; exit 130' INT TERM

for _ in 1 2; do
  (while :; do :; done) &
  busy+=("$!")
done
echo "flake-loop: $runs run(s) of the surefire suite, 2 busy loops (pids ${busy[*]}), logs in $logs"

passed=0
failed=0
for ((run = 1; run <= runs; run++)); do
  log="$logs/run-$run.log"
  start=$SECONDS
  if ./mvnw -B -q -o test >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "run $run/$runs: passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    echo "run $run/$runs: FAILED in $((SECONDS - start)) s, log $log"
    # Surefire's summary names the failing tests.
    grep -E '^\[ERROR\] (Failures|Errors|Tests run|  )' "$log" | head -n 20 | sed 's/^/    /'
  fi
done

stop_load
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
