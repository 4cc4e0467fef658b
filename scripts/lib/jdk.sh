# Sourced by the project's scripts: makes JAVA_HOME a JDK 21+ (the build needs it; the connector
# itself runs on 17+). Keeps JAVA_HOME when it already is one, else takes the java on PATH when
# that is 21+, else the newest JDK 21+ in the usual install locations. Exits with the list of
# what it looked at when there is none.
#
# ./mvnw uses pick_jdk too (its marked block). Where it cannot (mvnw.cmd, none installed), the
# enforcer's hint (.mvn/jdk-hint.bsh, in pom.xml) lists the JDK 21+ found in these places (and
# Windows' Program Files) when a build starts on an older java.

jdk_major() { # JDK_HOME -> major version, empty when not a JDK
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

jdk_candidates() { # every directory that may hold a JDK, one per line
  local d
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/*; do
    [ -d "$d" ] && [ ! -L "$d" ] && echo "$d"
  done
  return 0
}

pick_jdk() { # prints the JDK 21+ to use, or fails
  local major best="" best_major=0 candidate on_path
  major=$(jdk_major "${JAVA_HOME:-/nonexistent}")
  if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  if on_path=$(command -v javac 2>/dev/null); then
    on_path=$(cd "$(dirname "$(readlink -f "$on_path")")/.." && pwd)
    major=$(jdk_major "$on_path")
    if [ "${major:-0}" -ge 21 ]; then echo "$on_path"; return 0; fi
  fi
  while read -r candidate; do
    major=$(jdk_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done < <(jdk_candidates)
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, PATH, /usr/lib/jvm," \
      "/Library/Java/JavaVirtualMachines, ~/.sdkman, ~/.jdks). Install one, e.g. Temurin 21" \
      "from https://adoptium.net, and set JAVA_HOME to it." >&2
    return 1
  fi
  echo "$best"
}

use_jdk21() { # exports JAVA_HOME and PATH for a JDK 21+
  JAVA_HOME=$(pick_jdk) || exit 1
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}
