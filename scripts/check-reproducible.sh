#!/usr/bin/env bash
# Proves the build reproducible: builds the release artifacts twice, each time from a fresh copy of
# the work tree in its own directory (different absolute paths, clean target/), and compares the
# SHA-256 of everything a release ships. Exit 1 when anything differs, with the entries that do.
#
#   scripts/check-reproducible.sh            both builds, then the comparison
#   scripts/check-reproducible.sh --keep     keep the two build directories (under target/)
#
# The second build also runs in another time zone, locale and umask (002 instead of 022). Maven's
# archiver keeps the owner's and drops group/other write bits of each file, so a checkout made
# with a umask that removes read bits (077, 027) gives other jars: the scripts build with 022.
# Compared: the thin jar, the -with-dependencies jar, the sources and javadoc jars, the SBOM and
# the element templates the build generates. Timestamps come from project.build.outputTimestamp in pom.xml.
# Environment: MAVEN_ARGS (passed to Maven, e.g. -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib/jdk.sh
use_jdk21

keep=false
case "${1:-}" in
  --keep) keep=true ;;
  "") ;;
  *) echo "usage: $0 [--keep]" >&2; exit 2 ;;
esac

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n1)
work="$root/target/reproducible"
rm -rf "$work" && mkdir -p "$work"
$keep || trap 'rm -rf "$work/build-1" "$work/build-2"' EXIT

# The files of the work tree that git knows or would add (what a clone plus local edits holds),
# with the permissions a clone gets.
copy_tree() {
  mkdir -p "$1"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$1"
}

artifacts=(
  "synthflow-connector-$version.jar"
  "synthflow-connector-$version-with-dependencies.jar"
  "synthflow-connector-$version-sources.jar"
  "synthflow-connector-$version-javadoc.jar"
  "synthflow-connector-$version-with-dependencies.cyclonedx.json"
)

t0=$SECONDS
for n in 1 2; do
  dir="$work/build-$n"
  copy_tree "$dir"
  echo "check-reproducible: build $n in $dir (JDK $(jdk_major "$JAVA_HOME"))"
  # The second build runs in another time zone and locale, with the other common umask (002, the
  # default of distributions with per-user groups): none of them may leak in.
  if [ "$n" = 1 ]; then env_vars=(TZ=UTC LC_ALL=C.UTF-8) mask=022; else env_vars=(TZ=Pacific/Chatham LC_ALL=de_DE.UTF-8) mask=002; fi
  (cd "$dir" && umask "$mask" && env "${env_vars[@]}" ./mvnw -B -ntp -q clean package -DskipTests) \
    >"$work/build-$n.log" 2>&1 || {
    tail -n 40 "$work/build-$n.log" >&2
    echo "check-reproducible: build $n failed (log: $work/build-$n.log)" >&2
    exit 1
  }
done

# Plus every element template the build generates.
while IFS= read -r f; do artifacts+=("${f#"$work/build-1/target/"}"); done \
  < <(find "$work/build-1/target/element-templates" -type f -name '*.json' | LC_ALL=C sort)

differ=0
printf '%-66s %s\n' "artifact" "sha256 (build 1 = build 2)"
for a in "${artifacts[@]}"; do
  one="$work/build-1/target/$a" two="$work/build-2/target/$a"
  [ -f "$one" ] && [ -f "$two" ] || { echo "check-reproducible: $a missing" >&2; differ=1; continue; }
  s1=$(sha256sum "$one" | cut -d' ' -f1) s2=$(sha256sum "$two" | cut -d' ' -f1)
  if [ "$s1" = "$s2" ]; then
    printf '%-66s %s\n' "$a" "$s1"
  else
    printf '%-66s DIFFERS: %s vs %s\n' "$a" "$s1" "$s2"
    differ=1
    case "$a" in
      *.jar) # which entries differ (content CRC, size or time)
        diff <(unzip -Z -T "$one" 2>/dev/null | sort) <(unzip -Z -T "$two" 2>/dev/null | sort) |
          head -n 20 | sed 's/^/    /' || true ;;
      *) diff "$one" "$two" | head -n 20 | sed 's/^/    /' || true ;;
    esac
  fi
done
# The checksums, for the record (CI logs, release notes).
(cd "$work/build-1/target" && sha256sum "${artifacts[@]}" 2>/dev/null) >"$work/SHA256SUMS" || true

echo "check-reproducible: $((SECONDS - t0))s"
if [ "$differ" -ne 0 ]; then
  echo "check-reproducible: FAILED, two builds of the same sources differ" >&2
  exit 1
fi
echo "check-reproducible: OK, both builds are byte-for-byte identical"
