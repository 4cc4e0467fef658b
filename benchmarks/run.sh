#!/usr/bin/env bash
# Builds the connector and the benchmark, then runs the whole comparison and prints the table.
#   benchmarks/run.sh           full run, about 8 minutes
#   benchmarks/run.sh --smoke   everything once, in well under a minute (CI: proves it still runs)
# Needs JDK 21+ as JAVA_HOME or first on PATH, like the build itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# The connector's version and the library versions of its build, read from the main pom: the
# benchmark measures exactly the jar and dependencies that are released.
pom_value() { sed -n "s:^ *<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n1; }
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n1)
versions=(-Dversion.connector="$version")
for name in version.connectors version.jackson version.httpclient5 version.httpcore5 version.slf4j; do
  value=$(pom_value "$name")
  [ -n "$value" ] || { echo "benchmarks: no <$name> in pom.xml" >&2; exit 1; }
  versions+=(-D"$name=$value")
done

# The benchmark depends on the installed -with-dependencies jar: the exact artifact runtimes load.
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -f benchmarks/pom.xml package "${versions[@]}"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar benchmarks/target/benchmarks.jar "$@"
