#!/usr/bin/env bash
# Compatibility matrix: each packaged jar runs real jobs in each connector runtime version.
#
# For every runtime version below, the harness (src/) is compiled against that version's own
# dependencies (connector-runtime-parent's versions) and run twice, each time in a fresh JVM:
#   with-dependencies  the runtime's class path + the -with-dependencies jar (as the Docker image)
#   thin               the runtime's class path + the thin jar, with the runtime's HttpClient 5
# In each, that version's SpringConnectorJobHandler executes four jobs against a Synthflow
# stand-in on 127.0.0.1 (success, 404 with ifNotFound=succeed, 401, 429 with Retry-After) and the
# command it would send to Zeebe is checked. Prints a table; exits non-zero on any failure.
#
#   it/compat-matrix/run.sh                check the jars installed by ./mvnw install
#   it/compat-matrix/run.sh --build        first run ./mvnw -B -q install -DskipTests
#   it/compat-matrix/run.sh --self-test    also prove that the checks catch a wrong outcome
#   it/compat-matrix/run.sh --versions "8.8.7 8.9.0-alpha3"   other runtime versions
#
# Environment: JAVA_HOME (JDK 21+; else the newest one in /usr/lib/jvm).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
main=$(cd "$here/../.." && pwd)

# The oldest 8.8 patch on Maven Central, the newest 8.8 patch, the newest 8.9 build. The README's
# compatibility table and the templates' engines range (^8.8) rest on this list.
versions="8.8.0 8.8.7 8.9.0-alpha3"

build=false self_test=false
while [ $# -gt 0 ]; do
  arg=$1
  shift
  case "$arg" in
    --build) build=true ;;
    --self-test) self_test=true ;;
    --versions)
      [ $# -gt 0 ] || { echo "--versions needs a list" >&2; exit 2; }
      versions=$1
      shift
      ;;
    -h | --help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# --- JDK 21+: the runtimes need it ------------------------------------------------------------
. "$here/../../scripts/lib/jdk.sh"
use_jdk21
java="$JAVA_HOME/bin/java"

t0=$SECONDS
if $build; then
  echo "compat-matrix: ./mvnw -B -q install -DskipTests"
  (cd "$main" && ./mvnw -B -q -ntp install -DskipTests)
fi

version=$(cd "$main" && ./mvnw -B -q -ntp help:evaluate -Dexpression=project.version -DforceStdout)
[ -n "$version" ] || { echo "compat-matrix: cannot read the project version" >&2; exit 1; }

# Where a runtime minor's job handler API differs, the harness has an adapter (src/adapter/).
adapter_for() {
  case "$1" in
    8.8.*) echo v8_8 ;;
    8.9.*) echo v8_9 ;;
    *) echo "compat-matrix: no harness adapter for runtime $1 (add one under src/adapter/)" >&2; return 1 ;;
  esac
}

mkdir -p "$here/target"
rows=() failures=0
# run_cases RUNTIME KIND JAR CLASSPATH OUT [JVM option]: the harness in a fresh JVM; its exit code.
run_cases() {
  local runtime=$1 kind=$2 jar=$3 cp=$4 out=$5 option=${6:--Dmatrix.selfTest=false} status=0
  # env -i: no CAMUNDA_*/SPRING_* variable of the caller's reaches the runtime's classes.
  (cd "$(dirname "$out")" && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$java" -Xmx256m \
    -XX:TieredStopAtLevel=1 "$option" -cp "$cp" io.github.synthflowconnector.matrix.MatrixMain \
    "$runtime" "$kind" "$jar") >"$out" 2>"${out%.out}.log" || status=$?
  return "$status"
}
first_fat="" first_cp="" first_runtime=""
for runtime in $versions; do
  adapter=$(adapter_for "$runtime")
  out="$here/target/$runtime"
  echo "compat-matrix: runtime $runtime ($adapter), synthflow-connector $version"
  if ! (cd "$here" && "$main/mvnw" -B -q -ntp clean process-classes \
    -Dversion.connectors="$runtime" -Dmatrix.adapter="$adapter" \
    -Dsynthflow-connector.version="$version" >"$here/target/build-$runtime.log" 2>&1); then
    cat "$here/target/build-$runtime.log" >&2
    echo "compat-matrix: building the harness for $runtime failed; is synthflow-connector" \
      "$version installed? Run ./mvnw install first, or this script with --build" >&2
    exit 1
  fi
  fat_jar="$out/connectors/synthflow-connector-with-dependencies.jar"
  thin_jar=$(tr ':' '\n' <"$out/thin.classpath" | grep "/synthflow-connector-$version.jar\$" || true)
  [ -n "$thin_jar" ] || { echo "compat-matrix: no thin jar on $out/thin.classpath" >&2; exit 1; }

  # Maven resolves the jars from the local repository: refuse to vouch for an installed jar that
  # is not the one in target/ (a ./mvnw package or verify since the last install).
  for pair in "$fat_jar|$main/target/synthflow-connector-$version-with-dependencies.jar" \
    "$thin_jar|$main/target/synthflow-connector-$version.jar"; do
    installed=${pair%%|*} built=${pair##*|}
    if [ -f "$built" ] && ! cmp -s "$installed" "$built"; then
      echo "compat-matrix: $built differs from the installed copy ($installed). Run" \
        "./mvnw install first, or this script with --build" >&2
      exit 1
    fi
  done

  for kind in with-dependencies thin; do
    if [ "$kind" = thin ]; then
      cp="$out/classes:$(cat "$out/thin.classpath")" jar=$thin_jar
    else
      cp="$out/classes:$(cat "$out/runtime.classpath"):$fat_jar" jar=$fat_jar
    fi
    log="$out/run-$kind.log"
    if [ -z "$first_fat" ] && [ "$kind" = with-dependencies ]; then
      first_fat=$jar first_cp=$cp first_runtime=$runtime
    fi
    status=0
    run_cases "$runtime" "$kind" "$jar" "$cp" "$out/run-$kind.out" || status=$?
    java_version=$(awk -F'\t' '$1 == "SETUP" && $2 == "java" {print $3}' "$out/run-$kind.out")
    httpclient=$(awk -F'\t' '$1 == "SETUP" && $2 == "httpclient" {print $3}' "$out/run-$kind.out")
    cases=$(awk -F'\t' '$1 == "RESULT"' "$out/run-$kind.out" | wc -l)
    if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] || [ "$cases" -ne 4 ]; then
      # The JVM did not get through the cases: a set-up failure or a crash.
      reason=$(awk -F'\t' '$1 == "SETUP" && $2 == "FAILED" {print $3}' "$out/run-$kind.out")
      [ -n "$reason" ] || reason="exit $status after $cases of 4 cases; $(grep -m1 -E 'Exception|Error' "$log" || true)"
      rows+=("$runtime|${java_version:-?}|$kind|${httpclient:-?}|(set-up)|FAIL: $reason")
      failures=$((failures + 1))
      continue
    fi
    failed_cases=0
    while IFS=$'\t' read -r _ case outcome detail; do
      if [ "$outcome" = PASS ]; then
        rows+=("$runtime|$java_version|$kind|$httpclient|$case|pass")
      else
        rows+=("$runtime|$java_version|$kind|$httpclient|$case|FAIL: $detail")
        failed_cases=$((failed_cases + 1))
      fi
    done < <(awk -F'\t' '$1 == "RESULT"' "$out/run-$kind.out")
    failures=$((failures + failed_cases))
    # The harness exits 1 exactly when a case failed: an exit 1 with four PASS lines (or an exit 0
    # with a FAIL) means the JVM and its report disagree, and neither can be trusted.
    if { [ "$status" -eq 1 ] && [ "$failed_cases" -eq 0 ]; } || { [ "$status" -eq 0 ] && [ "$failed_cases" -ne 0 ]; }; then
      rows+=("$runtime|$java_version|$kind|$httpclient|(exit code)|FAIL: exit $status with $failed_cases failed case(s)")
      failures=$((failures + 1))
    fi
  done
done

echo
printf '%s\n' "runtime|Java|jar|HttpClient 5|case|outcome" "${rows[@]}" |
  awk -F'|' '{printf "%-13s %-13s %-18s %-33s %-18s %s\n", $1, $2, $3, $4, $5, $6}'
echo

if $self_test; then
  # The stand-in answers 200 to everything: the success case must still pass and every other
  # case must fail, or the checks would not notice a runtime that handles a job differently.
  out="$here/target/self-test.out" status=0
  run_cases "$first_runtime" with-dependencies "$first_fat" "$first_cp" "$out" \
    -Dmatrix.selfTest=true || status=$?
  got=$(awk -F'\t' '$1 == "RESULT" {printf "%s=%s ", $2, $3}' "$out")
  want="success=PASS not-found-succeed=FAIL 401=FAIL 429=FAIL "
  if [ "$status" -eq 1 ] && [ "$got" = "$want" ]; then
    echo "compat-matrix: self-test ok: with every answer 200, the checks failed the three error cases"
  else
    echo "compat-matrix: self-test FAILED: expected $want(exit 1), got ${got:-nothing}(exit $status)"
    failures=$((failures + 1))
  fi
fi
passed=$((${#rows[@]} - failures))
echo "compat-matrix: ${#rows[@]} cells, $((SECONDS - t0))s in all"
echo "compat-matrix: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
