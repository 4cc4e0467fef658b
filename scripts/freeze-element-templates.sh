#!/usr/bin/env bash
# Freezes the released element templates: run when a release is cut, before tagging, and commit
# the result with the release. Each current template is copied to element-templates/versioned/
# (hybrid/ and rest/ under element-templates/versioned/ likewise) as <file name>-<template version>.json, the way
# Camunda's connectors keep every released template version. ElementTemplateVersionsTest then
# fails when a released version's template changes without a version bump.
#
#   scripts/freeze-element-templates.sh           copy what is not frozen yet
#   scripts/freeze-element-templates.sh --check   change nothing; exit 1 if a copy is missing
#
# A version that is frozen already must be byte-for-byte the current template: if it is not, the
# template changed after that version was released, and the version in @ElementTemplate must be
# bumped (the frozen copy stays as it is).
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  -h | --help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

problems=0
freeze() {
  local current=$1 versioned_dir=$2 version name frozen
  # The generator writes '  "version" : N,' on a line of its own, at the top level.
  version=$(sed -n 's/^  "version" : \([0-9][0-9]*\),$/\1/p' "$current" | head -n1)
  [ -n "$version" ] || { echo "no top-level version in $current" >&2; exit 1; }
  name=$(basename "$current" .json)
  frozen="$versioned_dir/$name-$version.json"
  if [ ! -f "$frozen" ]; then
    if $check; then
      echo "not frozen: $current (version $version) has no $frozen"
      problems=$((problems + 1))
    else
      mkdir -p "$versioned_dir"
      cp "$current" "$frozen"
      echo "frozen: $current -> $frozen"
    fi
  elif cmp -s "$current" "$frozen"; then
    echo "already frozen: $frozen"
  else
    echo "CHANGED after release: $current differs from $frozen, the released version $version." \
      "Bump the version (@ElementTemplate on SynthflowDeletePhoneNumberFunction; for rest/, RestTemplateGenerator.TEMPLATE_VERSION), regenerate, freeze again." >&2
    problems=$((problems + 1))
  fi
}

freeze element-templates/synthflow-delete-phone-number.json element-templates/versioned
freeze element-templates/hybrid/synthflow-delete-phone-number-hybrid.json element-templates/versioned/hybrid
freeze element-templates/rest/synthflow-delete-phone-number-rest.json element-templates/versioned/rest
[ "$problems" -eq 0 ]
