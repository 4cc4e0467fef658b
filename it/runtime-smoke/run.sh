#!/usr/bin/env bash
# Smoke check: the packaged connector jars load in Camunda's Spring Boot connector runtime
# (io.camunda.connector:spring-boot-starter-camunda-connectors, the runtime of the connectors
# Docker image) and register their job worker. No broker: the client points at an unused
# 127.0.0.1 port, and everything that needs a cluster is switched off.
#
#   it/runtime-smoke/run.sh               check the jars installed by ./mvnw install
#   it/runtime-smoke/run.sh --build       first run ./mvnw -B -q install -DskipTests
#   it/runtime-smoke/run.sh --self-test   also prove that broken jars fail the check
#   it/runtime-smoke/run.sh --jar FILE    check FILE (a -with-dependencies jar) instead
#   it/runtime-smoke/run.sh --runtime V   another runtime version (default 8.8.7), e.g. 8.9.0-alpha3
#   it/runtime-smoke/run.sh --loader-path also boot the runtime as a Spring Boot executable jar that
#                                         finds the -with-dependencies jar through loader.path, as
#                                         the connectors image does from 8.9.1 on (/opt/custom)
#   it/runtime-smoke/run.sh --engine      point the runtime at an embedded Zeebe engine (the main
#                                         project's test class RuntimeSmokeEngine) instead of an
#                                         unused port: it must also do real jobs, a deletion that
#                                         completes with the result variable and a refused key that
#                                         ends in an incident with the connector's message
#
# Environment: JAVA_HOME (JDK 21+; else the newest one in /usr/lib/jvm), SMOKE_TIMEOUT (seconds to
# wait for one runtime, default 90).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
main=$(cd "$here/../.." && pwd)
job_type='io.github.synthflowconnector:delete-phone-number:1'
timeout_s=${SMOKE_TIMEOUT:-90}

build=false self_test=false jar="" runtime=8.8.7 loader_path=false engine=false
while [ $# -gt 0 ]; do
  arg=$1
  shift
  case "$arg" in
    --build) build=true ;;
    --self-test) self_test=true ;;
    --loader-path) loader_path=true ;;
    --jar)
      [ $# -gt 0 ] && [ -f "$1" ] || { echo "--jar needs an existing file" >&2; exit 2; }
      jar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
      shift
      ;;
    --runtime)
      [ $# -gt 0 ] || { echo "--runtime needs a version" >&2; exit 2; }
      runtime=$1
      shift
      ;;
    --engine) engine=true ;;
    -h | --help) sed -n '2,22s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# --- JDK 21+: the 8.8 runtime needs it --------------------------------------------------------
. "$here/../../scripts/lib/jdk.sh"
use_jdk21
java="$JAVA_HOME/bin/java"

t0=$SECONDS
if $build; then
  echo "runtime-smoke: ./mvnw -B -q install -DskipTests"
  (cd "$main" && ./mvnw -B -q -ntp install -DskipTests)
fi

# --- Class paths, resolved by Maven against the runtime's own dependency versions -------------
# The project version is the first two-space-indented <version> of the main pom (its own).
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$main/pom.xml" | head -n1)
[ -n "$version" ] || { echo "runtime-smoke: cannot read the version from $main/pom.xml" >&2; exit 1; }
echo "runtime-smoke: resolving the runtime and synthflow-connector $version"
if ! (cd "$here" && "$main/mvnw" -B -q -ntp clean process-classes \
  -Dversion.connectors="$runtime" -Dsynthflow-connector.version="$version"); then
  echo "runtime-smoke: resolution failed; is synthflow-connector $version installed?" \
    "Run ./mvnw install first, or this script with --build" >&2
  exit 1
fi

target="$here/target"
if $engine; then
  # The engine and its stand-in run from the main project's test class path (test scope only).
  echo "runtime-smoke: the main project's test class path, for the embedded engine"
  (cd "$main" && ./mvnw -B -q -ntp test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$target/engine.classpath")
  engine_cp="$main/target/test-classes:$main/target/classes:$(cat "$target/engine.classpath")"
fi
smoke_key=sk_smoke_engine_key_5e1d
runtime_cp="$target/classes:$(cat "$target/runtime.classpath")"
thin_cp="$target/classes:$(cat "$target/thin.classpath")"
fat_jar="$target/connectors/synthflow-connector-with-dependencies.jar"
thin_jar=$(tr ':' '\n' <"$target/thin.classpath" | grep "/synthflow-connector-$version.jar\$" || true)

# Maven resolves the jars from the local repository: refuse to vouch for an installed jar that is
# not the one in target/ (a ./mvnw package or verify since the last install).
for pair in "$fat_jar|$main/target/synthflow-connector-$version-with-dependencies.jar" \
  "$thin_jar|$main/target/synthflow-connector-$version.jar"; do
  installed=${pair%%|*} built=${pair##*|}
  if [ -f "$built" ] && ! cmp -s "$installed" "$built"; then
    echo "runtime-smoke: $built differs from the installed copy ($installed): built again" \
      "since the last install, or another build installed this version. Run ./mvnw install" \
      "first, or this script with --build" >&2
    exit 1
  fi
done

# --- One runtime per check, in its own JVM ----------------------------------------------------
app_pid="" engine_pid=""
stop_engine() {
  [ -n "$engine_pid" ] || return 0
  kill -TERM "$engine_pid" 2>/dev/null || true
  wait "$engine_pid" 2>/dev/null || true
  engine_pid=""
}
stop_app() {
  [ -n "$app_pid" ] || return 0
  kill -TERM "$app_pid" 2>/dev/null || true
  for _ in $(seq 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}
trap 'stop_app; stop_engine' EXIT
trap 'exit 130' INT TERM

# A port with nothing listening on 127.0.0.1 (connection refused): the client's polls fail fast.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "runtime-smoke: no free port on 127.0.0.1" >&2
  return 1
}

# The line JobWorkerManager (camunda-spring-boot-starter) logs as it opens a worker, in 8.8:
#   . Starting job worker: JobWorkerValue{type='<job type>', name='<connector name>', ...}
# and from 8.9 on:
#   Starting job worker: <connector name> with type <job type>
# Both forms end the type with a delimiter (quote, end of line), so ...:1 never matches ...:10.
worker_lines() {
  awk -v q="type='$job_type'" -v t=" with type $job_type" '
    /Starting job worker: / {
      tail = substr($0, length($0) - length(t) + 1)
      if (index($0, q) || tail == t) print
    }' "$1"
}
has_worker() { [ -n "$(worker_lines "$1")" ]; }
has_started() { grep -q 'Started SmokeApplication in' "$1"; }

# boot NAME CLASSPATH: 0 when the runtime started and opened the job worker for our type.
# boot NAME CLASSPATH [JVM option]: with a JVM option (-Dloader.path=...), the class path is the
# executable jar and Spring Boot's PropertiesLauncher starts it, as Camunda's image does.
boot() {
  local name=$1 cp=$2 option=${3:-} main=io.github.synthflowconnector.smoke.SmokeApplication
  local port dir log started_at=$SECONDS ready_at="" verdict=""
  if [ -n "$option" ]; then main=org.springframework.boot.loader.launch.PropertiesLauncher; fi
  local address engine_log="$target/run-$name-engine.log"
  dir="$target/run-$name" log="$target/run-$name.log"
  rm -rf "$dir" && mkdir -p "$dir/home"
  if $engine; then
    # The engine prints its gateway address once it serves, then waits for the jobs to be done.
    ("$java" -cp "$engine_cp" io.github.synthflowconnector.engine.RuntimeSmokeEngine \
      "$smoke_key" "$timeout_s" >"$engine_log" 2>&1) &
    engine_pid=$!
    address=""
    for _ in $(seq "$timeout_s"); do
      address=$(sed -n 's/^gateway=//p' "$engine_log" | head -n1)
      [ -z "$address" ] && kill -0 "$engine_pid" 2>/dev/null || break
      sleep 1
    done
    if [ -z "$address" ]; then
      echo "  [$name] FAILED: the embedded engine did not start (log: $engine_log)"
      stop_engine
      return 1
    fi
  else
    port=$(free_port) || return 1
    address="127.0.0.1:$port"
  fi
  # env -i: no CAMUNDA_*/ZEEBE_*/SPRING_* variable of the caller's can redirect the client, and the
  # runtime's environment secret provider sees no secrets. The working directory is empty, so no
  # stray ./config/application.properties is read.
  (cd "$dir" && exec env -i PATH=/usr/bin:/bin HOME="$dir/home" LANG=C.UTF-8 \
    SMOKE_SECRET_SYNTHFLOW_API_KEY="$smoke_key" \
    "$java" -Xmx512m -XX:TieredStopAtLevel=1 ${option:+"$option"} -cp "$cp" "$main" \
    --spring.main.banner-mode=off \
    --camunda.client.auth.method=none \
    --camunda.client.grpc-address="http://$address" \
    --camunda.client.rest-address="http://$address" \
    --camunda.client.prefer-rest-over-grpc=false \
    --camunda.connector.polling.enabled=false \
    --camunda.connector.webhook.enabled=false \
    --camunda.connector.secretprovider.console.enabled=false \
    --camunda.connector.secretprovider.environment.prefix=SMOKE_SECRET_ \
    --server.address=127.0.0.1 \
    --server.port=0 \
    --logging.level.io.camunda.client.job.poller=ERROR \
    >"$log" 2>&1) &
  app_pid=$!

  while [ -z "$verdict" ]; do
    sleep 1
    if has_worker "$log"; then
      if has_started "$log"; then verdict=registered; fi
    elif has_started "$log"; then
      # Workers open on the main thread before the context reports it started; the grace period
      # only guards against that order changing.
      ready_at=${ready_at:-$SECONDS}
      if [ $((SECONDS - ready_at)) -ge 10 ]; then
        verdict="started without a job worker for $job_type"
      fi
    fi
    if [ -z "$verdict" ] && ! kill -0 "$app_pid" 2>/dev/null; then
      verdict="runtime exited during startup"
    elif [ -z "$verdict" ] && [ $((SECONDS - started_at)) -ge "$timeout_s" ]; then
      verdict="no job worker for $job_type within ${timeout_s}s"
    fi
  done
  if [ "$verdict" = registered ] && $engine; then
    # The jobs: the engine exits 0 when the deletion completed and the refused key is an incident.
    if wait "$engine_pid"; then verdict=registered; else verdict="registered, but the jobs did not end as expected"; fi
    engine_pid=""
  fi
  # With the engine, the refused key's job is logged at ERROR by the runtime's job handler, as it
  # should be; any other ERROR line still fails the check, and so does the key in the log.
  local expected_error='SpringConnectorJobHandler +: Exception while completing job'
  if [ "$verdict" = registered ] && grep -E '^[0-9T:.+-]+Z? +ERROR ' "$log" |
    { if $engine; then grep -Ev "$expected_error"; else cat; fi; } | grep -q .; then
    verdict="registered, but the runtime logged errors"
  fi
  if [ "$verdict" = registered ] && grep -qF "$smoke_key" "$log"; then
    verdict="registered, but the API key appears in the runtime's log"
  fi
  local took=$((SECONDS - started_at))
  stop_app
  stop_engine
  if $engine; then sed -n 's/^engine: /    engine: /p' "$engine_log" | cut -c1-300; fi

  if [ "$verdict" = registered ]; then
    echo "  [$name] registered after ${took}s:"
    worker_lines "$log" |
      sed -E -e "s/.*(Starting job worker: JobWorkerValue\{type='[^']*', name='[^']*').*/    \1, ...}/" \
        -e "s/^.*(Starting job worker: [^{].* with type )/    \1/"
    return 0
  fi
  echo "  [$name] FAILED after ${took}s: $verdict (log: $log)"
  grep -E 'ERROR|Exception|Error:|APPLICATION FAILED' "$log" | head -n 8 | cut -c1-300 | sed 's/^/    /'
  return 1
}

failures=0
echo "runtime-smoke: Spring Boot connector runtime $runtime on $("$java" -version 2>&1 | head -n1)"
if [ -n "$jar" ]; then
  boot "$(basename "$jar" .jar)" "$runtime_cp:$jar" || failures=$((failures + 1))
else
  boot with-dependencies "$runtime_cp:$fat_jar" || failures=$((failures + 1))
  boot thin "$thin_cp" || failures=$((failures + 1))
fi

if $loader_path; then
  # The runtime repackaged as a Spring Boot executable jar (its own dependencies under
  # BOOT-INF/lib), the connector only in a directory named by loader.path: the layout of the
  # connectors image from 8.9.1 on, whose start script passes -Dloader.path=/opt/custom/.
  boot_version=$(tr ':' '\n' <"$target/runtime.classpath" |
    sed -n 's:.*/spring-boot-\([0-9][^/]*\)\.jar$:\1:p' | head -n1)
  echo "runtime-smoke: repackaging the runtime as an executable jar (Spring Boot $boot_version)"
  if ! (cd "$here" && "$main/mvnw" -B -q -ntp package -Psmoke-executable \
    -Dversion.connectors="$runtime" -Dsynthflow-connector.version="$version" \
    -Dversion.spring-boot="$boot_version"); then
    echo "runtime-smoke: repackaging failed" >&2
    exit 1
  fi
  custom="$target/opt-custom"
  rm -rf "$custom" && mkdir -p "$custom" && cp "$fat_jar" "$custom/synthflow-connector.jar"
  boot loader-path-with-dependencies "$target/smoke-exec.jar" "-Dloader.path=$custom/" ||
    failures=$((failures + 1))
fi

if $self_test; then
  # Each broken copy must fail the same check; a check that passes them proves nothing.
  broken="$target/broken"
  rm -rf "$broken" && mkdir -p "$broken"
  echo "runtime-smoke: self-test, broken copies of the -with-dependencies jar must fail"
  break_jar() { "$java" -cp "$target/classes" io.github.synthflowconnector.smoke.BrokenJar "$@"; }
  # Registration fails silently: the runtime starts, without the worker.
  break_jar "$fat_jar" "$broken/no-services-file.jar" \
    META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction
  # A missing dependency: the runtime cannot instantiate the connector and stops.
  break_jar "$fat_jar" "$broken/no-bundled-httpclient.jar" io/github/synthflowconnector/shaded/
  if $loader_path; then
    # An empty loader.path directory: the executable runtime alone must not pass.
    mkdir -p "$broken/empty-custom"
    if boot broken-loader-path-empty "$target/smoke-exec.jar" "-Dloader.path=$broken/empty-custom/"; then
      echo "  self-test FAILED: the executable runtime passed without the connector"
      failures=$((failures + 1))
    else
      echo "  self-test ok: the executable runtime without the connector was rejected"
    fi
  fi
  for case in no-services-file no-bundled-httpclient; do
    if boot "broken-$case" "$runtime_cp:$broken/$case.jar"; then
      echo "  self-test FAILED: the check passed the broken jar $broken/$case.jar"
      failures=$((failures + 1))
    else
      echo "  self-test ok: the broken jar ($case) was rejected"
    fi
  done
fi

echo "runtime-smoke: $((SECONDS - t0))s in all"
if [ "$failures" -gt 0 ]; then
  echo "runtime-smoke: FAILED ($failures)" >&2
  exit 1
fi
echo "runtime-smoke: OK"
