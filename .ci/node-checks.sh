#!/usr/bin/env bash
# Checks with Camunda's own JavaScript tools (see .ci/node/check.mjs): the committed element
# templates against the official schema, the example BPMN with @camunda/linting (Camunda 8.8).
#
# Node and npm: pinned and integrity-checked by .ci/node-env.sh, no system Node.
# Arguments are passed to check.mjs (default: --templates element-templates --bpmn examples).
set -euo pipefail

cd "$(dirname "$0")/.."

. .ci/node-env.sh

echo "node-checks: node $(node --version), npm $(npm --version)"
(
  cd .ci/node
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
)
if [ $# -eq 0 ]; then
  set -- --templates element-templates --bpmn examples
fi
# The bundle lives in node_modules (ignored by git) so that it finds jsdom, kept external.
node .ci/node/node_modules/.build/check.mjs "$@"
