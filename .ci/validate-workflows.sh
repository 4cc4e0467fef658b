#!/usr/bin/env bash
# Validates the GitHub Actions workflows (.github/workflows/*.yml) against the workflow schema with
# action-validator (@action-validator/cli from the npm registry, pinned by .ci/workflows/
# package-lock.json, on the pinned Node of .ci/node-env.sh), then checks that what they run
# exists in the repository. A self-test proves the validator rejects a broken workflow.
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/node-env.sh
(cd .ci/workflows && npm ci --no-audit --no-fund --loglevel=error)
validator=.ci/workflows/node_modules/.bin/action-validator
echo "validate-workflows: action-validator $(jq -r .version .ci/workflows/node_modules/@action-validator/cli/package.json)"

failures=0
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
[ "${#workflows[@]}" -gt 0 ] || { echo "validate-workflows: no workflows found" >&2; exit 1; }
for wf in "${workflows[@]}"; do
  if out=$("$validator" "$wf" 2>&1); then
    echo "  ok      $wf"
  else
    echo "  INVALID $wf"
    printf '%s\n' "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
done

# The scripts the workflows call must exist and be executable: a renamed script would otherwise
# only fail on GitHub.
while read -r wf script; do
  if [ -x "$script" ]; then
    echo "  ok      $wf runs $script"
  else
    echo "  MISSING $wf runs $script, which is not an executable file here"
    failures=$((failures + 1))
  fi
done < <(grep -HoE '(\.ci|scripts)/[A-Za-z0-9_./-]+' "${workflows[@]}" | grep -v '\.ci/node-env\.sh' | sed 's/:/ /' | sort -u)

# Self-test: the same validator must reject a workflow with a misspelt key.
broken=$(mktemp -d)
trap 'rm -rf "$broken"' EXIT
sed 's/^    runs-on:/    run-on:/' .github/workflows/ci.yml >"$broken/broken.yml"
if "$validator" "$broken/broken.yml" >/dev/null 2>&1; then
  echo "  self-test FAILED: a workflow with 'run-on' instead of 'runs-on' passed"
  failures=$((failures + 1))
else
  echo "  ok      self-test: a workflow with a misspelt key is rejected"
fi

if [ "$failures" -gt 0 ]; then
  echo "validate-workflows: FAILED ($failures)" >&2
  exit 1
fi
echo "validate-workflows: OK"
