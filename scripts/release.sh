#!/usr/bin/env bash
# Turns the checked-out commit into release v<version>, the version in pom.xml (main carries the
# version being released; no -SNAPSHOT). Documented in CONTRIBUTING.md ("Releasing").
#
#   scripts/release.sh --dry-run   everything except signing, tagging and pushing: build, tests,
#                                  checks, the release directory with checksums (CI runs this)
#   scripts/release.sh             the maintainer's release: the same build with the GPG-signing
#                                  "release" profile, then tag v<version> and push the tag; the
#                                  tag starts .github/workflows/release.yml (GitHub release)
#   scripts/release.sh --at-tag    what release.yml runs on a pushed tag: the same build of the
#                                  tagged commit, no signing, no tagging
# Options: --skip-tests (only when the same commit was just tested, as .ci/run does),
#          --out DIR (default target/release/v<version>).
# Environment: MAVEN_ARGS (passed to Maven), RELEASE_REMOTE (default origin).
#
# The release directory holds: the thin jar, the -with-dependencies jar, the sources and javadoc
# jars, the pom, the SBOM of the -with-dependencies jar, the element templates, the release notes
# (the version's CHANGELOG.md section) and SHA256SUMS over all of them (plus .asc signatures when
# signed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=release skip_tests=false out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) mode=dry-run ;;
    --at-tag) mode=at-tag ;;
    --skip-tests) skip_tests=true ;;
    --out)
      [ $# -gt 1 ] || { echo "--out needs a directory" >&2; exit 2; }
      out=$2
      shift
      ;;
    -h | --help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'release: %s\n' "$*"; }
fail() { printf 'release: %s\n' "$*" >&2; exit 1; }
t0=$SECONDS

. scripts/lib/jdk.sh
use_jdk21
# Jar entries keep the file modes Maven writes (minus group/other write): 022 makes them the same
# on every machine (see scripts/check-reproducible.sh).
umask 022

# --- What is being released -------------------------------------------------------------------
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n1)
tag="v$version"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  fail "pom.xml has version '$version'; a release needs MAJOR.MINOR.PATCH without -SNAPSHOT"
if grep -n -- '-SNAPSHOT' pom.xml; then fail "pom.xml refers to a -SNAPSHOT (above): release only fixed versions"; fi
git check-ref-format "refs/tags/$tag" || fail "'$tag' is not a valid tag name"
commit=$(git rev-parse HEAD)
say "$tag from commit $commit ($mode), JDK $(jdk_major "$JAVA_HOME") at $JAVA_HOME"

dirty=$(git status --porcelain --untracked-files=normal)
case "$mode" in
  release)
    [ -z "$dirty" ] || fail "the work tree has uncommitted changes: commit or stash them first"
    ! git rev-parse -q --verify "refs/tags/$tag" >/dev/null || fail "tag $tag exists already: bump the version"
    remote=${RELEASE_REMOTE:-origin}
    if git ls-remote --exit-code --tags "$remote" "refs/tags/$tag" >/dev/null 2>&1; then
      fail "tag $tag exists on $remote already: bump the version"
    fi
    branch=$(git rev-parse --abbrev-ref HEAD)
    [ "$branch" = main ] || say "note: releasing from branch '$branch', not main"
    ;;
  at-tag)
    [ -z "$dirty" ] || fail "the work tree has uncommitted changes"
    [ "$(git rev-parse -q --verify "refs/tags/$tag^{commit}" || true)" = "$commit" ] ||
      fail "HEAD is not tag $tag (the pom's version); tag the commit whose pom says $version"
    ;;
  dry-run)
    [ -z "$dirty" ] || say "note: uncommitted changes, the dry run builds the work tree as it is"
    if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
      say "note: tag $tag exists already (a real release would stop here and ask for a version bump)"
    fi
    ;;
esac

# The release notes: this version's section of CHANGELOG.md, which must exist.
notes=$(awk -v v="$version" '
  $0 ~ "^## \\[" v "\\]" {on = 1; next}
  on && /^## \[/ {exit}
  on && /^\[[^]]*\]: / {exit}
  on {print}' CHANGELOG.md)
[ -n "$(printf '%s' "$notes" | tr -d '[:space:]')" ] ||
  fail "CHANGELOG.md has no '## [$version]' section: write it before releasing"

# --- Build ------------------------------------------------------------------------------------
# clean: the release is built from the sources alone. verify runs the tests and the checks on the
# packaged jars; the release profile adds the GPG signatures (maintainer's key, gpg-agent).
maven_args=(-B -ntp clean verify)
$skip_tests && maven_args+=(-DskipTests)
[ "$mode" = release ] && maven_args+=(-Prelease)
say "./mvnw ${maven_args[*]}"
# The log lives outside target/, which clean removes; it is kept as target/release-build.log.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
./mvnw "${maven_args[@]}" >"$log" 2>&1 || {
  tail -n 60 "$log" >&2
  mkdir -p target && cp "$log" target/release-build.log
  fail "the build failed (full log: target/release-build.log)"
}
cp "$log" target/release-build.log

# --- Checks on what is about to ship -----------------------------------------------------------
t=target
thin="$t/synthflow-connector-$version.jar"
fat="$t/synthflow-connector-$version-with-dependencies.jar"
sources="$t/synthflow-connector-$version-sources.jar"
javadoc="$t/synthflow-connector-$version-javadoc.jar"
sbom="$t/synthflow-connector-$version-with-dependencies.cyclonedx.json"
for f in "$thin" "$fat" "$sources" "$javadoc" "$sbom"; do [ -s "$f" ] || fail "the build made no $f"; done

# The committed templates are what users download: each generated one must equal its committed
# copy. Shipped: every template under element-templates/ except the versioned/ history.
while IFS= read -r generated; do
  cmp -s "$generated" "element-templates/${generated#"$t/element-templates/"}" ||
    fail "${generated#"$t/"} differs from the committed copy: regenerate and commit (CONTRIBUTING.md)"
done < <(find "$t/element-templates" -type f -name '*.json')
mapfile -t templates < <(find element-templates -type f -name '*.json' ! -path '*/versioned/*' | LC_ALL=C sort)
[ "${#templates[@]}" -ge 2 ] || fail "expected the element templates under element-templates/"
# Each shipped template version is recorded (element-templates/versioned/RELEASED) before it ships:
# ElementTemplateVersionsTest then fails the build if a released version is changed without a
# bump. A dry run, on any commit between releases, only says what a release would still need.
if ! unrecorded=$(scripts/freeze-element-templates.sh --check 2>&1); then
  [ "$mode" = dry-run ] ||
    fail "a template version is not recorded: run scripts/freeze-element-templates.sh and commit element-templates/versioned/RELEASED ($unrecorded)"
  say "a release would first record (scripts/freeze-element-templates.sh): $(grep -E '^(not recorded|CHANGED)' <<<"$unrecorded" | tr '\n' ';')"
fi

# The SBOM must list exactly what the -with-dependencies jar bundles: the shade plugin copies each
# bundled artifact's META-INF/maven/<group>/<artifact>/pom.properties (with its version) into it.
bundled=$(unzip -Z1 "$fat" 'META-INF/maven/*/*/pom.properties' |
  grep -v '^META-INF/maven/io.github.synthflowconnector/' |
  while read -r props; do
    unzip -p "$fat" "$props" | awk -F= '$1 == "groupId" {g = $2} $1 == "artifactId" {a = $2}
      $1 == "version" {v = $2} END {gsub(/\r/, "", g); gsub(/\r/, "", a); gsub(/\r/, "", v); print g ":" a ":" v}'
  done | LC_ALL=C sort)
listed=$(jq -r '.components[] | "\(.group):\(.name):\(.version)"' "$sbom" | LC_ALL=C sort)
[ -n "$bundled" ] && [ "$bundled" = "$listed" ] ||
  fail "the SBOM lists [$(echo $listed)] but the -with-dependencies jar bundles [$(echo $bundled)]"
say "SBOM: $(jq '.components | length' "$sbom") components, the bundled HttpClient parts: $(echo $listed)"

# The jar's own version: the manifest-free pom.properties that Maven writes.
unzip -p "$thin" META-INF/maven/io.github.synthflowconnector/synthflow-connector/pom.properties |
  grep -qx "version=$version" || fail "$thin does not say version=$version"

# --- The release directory ----------------------------------------------------------------------
out=${out:-$t/release/$tag}
rm -rf "$out" && mkdir -p "$out"
cp "$thin" "$fat" "$sources" "$javadoc" "$sbom" "$out/"
cp pom.xml "$out/synthflow-connector-$version.pom"
cp "${templates[@]}" "$out/"
printf '%s\n' "$notes" | sed -e '/./,$!d' >"$out/RELEASE-NOTES.md"
if [ "$mode" = release ]; then
  for f in "$thin" "$fat" "$sources" "$javadoc" "$sbom"; do
    [ -s "$f.asc" ] || fail "no signature $f.asc: is the release profile's gpg set up?"
    cp "$f.asc" "$out/"
  done
fi
(cd "$out" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | LC_ALL=C sort |
  xargs sha256sum >SHA256SUMS && sha256sum --quiet -c SHA256SUMS)
say "release directory $out:"
(cd "$out" && LC_ALL=C ls -l | tail -n +2 | awk '{printf "  %10d  %s\n", $5, $9}')
say "SHA256SUMS:"
sed 's/^/  /' "$out/SHA256SUMS"

# --- Tag and push ------------------------------------------------------------------------------
tag_cmd=(git tag -a "$tag" -m "Synthflow connector $version" "$commit")
push_cmd=(git push "${RELEASE_REMOTE:-origin}" "refs/tags/$tag")
case "$mode" in
  dry-run)
    say "dry run: not signed; would now run: ${tag_cmd[*]} && ${push_cmd[*]}"
    ;;
  at-tag)
    say "built the tagged commit; the release workflow attaches $out/* to the GitHub release"
    ;;
  release)
    "${tag_cmd[@]}"
    "${push_cmd[@]}"
    say "tagged and pushed $tag: .github/workflows/release.yml now publishes the GitHub release."
    say "Maven Central: ./mvnw -B -Prelease -DskipTests deploy, then publish the bundle in the Central Portal."
    ;;
esac
say "done in $((SECONDS - t0))s"
