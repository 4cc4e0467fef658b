#!/usr/bin/env bash
# Records the released element template versions, the way Camunda's own connectors keep them:
# the current template of each kind stays in element-templates/ (or hybrid/, rest/), and only
# superseded released versions live in element-templates/versioned/ as <file name>-<version>.json.
# Keeping the current version there too would make a Modeler that loads the whole folder report
# "template id and version already used".
#
# element-templates/versioned/RELEASED lists every released version: id, version and the SHA-256
# of the file as released. ElementTemplateVersionsTest reads it: a recorded current version must
# be unchanged, every recorded older version must be in versioned/, byte for byte.
#
#   scripts/freeze-element-templates.sh            at a release: record the current versions
#   scripts/freeze-element-templates.sh --check    change nothing; exit 1 if one is not recorded
#                                                  (or was changed after it was recorded)
#   scripts/freeze-element-templates.sh --restore  after a version bump: write each superseded
#                                                  released version missing from versioned/, taken
#                                                  from git history by its recorded SHA-256
set -euo pipefail
cd "$(dirname "$0")/.."

mode=record
case "${1:-}" in
  --check) mode=check ;;
  --restore) mode=restore ;;
  "") ;;
  -h | --help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

record=element-templates/versioned/RELEASED
# Each current template and the folder that keeps its superseded versions.
kinds=(
  "element-templates/synthflow-delete-phone-number.json element-templates/versioned"
  "element-templates/hybrid/synthflow-delete-phone-number-hybrid.json element-templates/versioned/hybrid"
  "element-templates/rest/synthflow-delete-phone-number-rest.json element-templates/versioned/rest"
)

# The generator writes '  "id" : "...",' and '  "version" : N,' on lines of their own, at the top.
top_level() { sed -n "s/^  \"$1\" : \"\{0,1\}\([^\",]*\)\"\{0,1\},\$/\1/p" "$2" | head -n1; }
sha() { sha256sum | cut -d' ' -f1; }
recorded_sha() { [ ! -f "$record" ] || awk -v id="$1" -v v="$2" '$1 == id && $2 == v {print $3}' "$record"; }

problems=0
for kind in "${kinds[@]}"; do
  read -r current versioned_dir <<<"$kind"
  id=$(top_level id "$current")
  version=$(top_level version "$current")
  [ -n "$id" ] && [ -n "$version" ] || { echo "no top-level id or version in $current" >&2; exit 1; }
  actual=$(sha <"$current")
  want=$(recorded_sha "$id" "$version")
  case "$mode" in
    record | check)
      if [ -z "$want" ]; then
        if [ "$mode" = check ]; then
          echo "not recorded: $id version $version ($current)"
          problems=$((problems + 1))
        else
          mkdir -p "$(dirname "$record")"
          [ -f "$record" ] || printf '# id version sha256: every released element template version (scripts/freeze-element-templates.sh)\n' >"$record"
          printf '%s %s %s\n' "$id" "$version" "$actual" >>"$record"
          echo "recorded: $id version $version"
        fi
      elif [ "$want" = "$actual" ]; then
        echo "already recorded: $id version $version"
      else
        echo "CHANGED after release: $current is not the released $id version $version." \
          "Bump the version (@ElementTemplate on SynthflowDeletePhoneNumberFunction; for rest/," \
          "RestTemplateGenerator.TEMPLATE_VERSION), regenerate, then run this script with --restore." >&2
        problems=$((problems + 1))
      fi
      ;;
    restore)
      name=$(basename "$current" .json)
      while read -r _ released hash; do
        [ "$released" != "$version" ] || continue
        target="$versioned_dir/$name-$released.json"
        [ ! -f "$target" ] || continue
        found=""
        for commit in $(git log --format=%H -- "$current"); do
          if [ "$(git show "$commit:$current" 2>/dev/null | sha)" = "$hash" ]; then
            found=$commit
            break
          fi
        done
        if [ -z "$found" ]; then
          echo "no commit holds $id version $released as released ($hash)" >&2
          problems=$((problems + 1))
          continue
        fi
        mkdir -p "$versioned_dir"
        git show "$found:$current" >"$target"
        echo "restored: $target (from $found)"
      done < <([ ! -f "$record" ] || awk -v id="$id" '$1 == id' "$record")
      ;;
  esac
done
[ "$problems" -eq 0 ]
