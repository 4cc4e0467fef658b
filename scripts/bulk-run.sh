#!/usr/bin/env bash
# The bulk offboarding run on the embedded Zeebe engine (src/test/.../example/BulkRun.java): this
# connector and the no-install template, N numbers against a stand-in limited to R requests per
# second per key. Prints figures; with --check exits 1 on any incident or number not deleted once.
#   scripts/bulk-run.sh --n 400 --rate 20 --runtimes 2 --jobs 32 --threads virtual
#   scripts/bulk-run.sh --threads platform:8 ...   (8.8's platform-thread executor)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
use_jdk21
classpath_file=target/bulk-run.classpath
./mvnw -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath_file" >/dev/null
exec "$JAVA_HOME/bin/java" ${BULK_JAVA_OPTS:-} -Dlogback.configurationFile=scripts/bulk-run-logback.xml \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.github.synthflowconnector.example.BulkRun "$@"
