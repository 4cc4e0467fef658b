#!/usr/bin/env bash
# Builds the connector and the benchmark, then runs the whole comparison and prints the table.
#   benchmarks/run.sh           full run, about 8 minutes
#   benchmarks/run.sh --smoke   everything once, in well under a minute (CI: proves it still runs)
# Needs JDK 21+ as JAVA_HOME or first on PATH, like the build itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# The benchmark depends on the installed -with-dependencies jar: the exact artifact runtimes load.
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -f benchmarks/pom.xml package
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar benchmarks/target/benchmarks.jar "$@"
