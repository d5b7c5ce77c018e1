#!/usr/bin/env bash
# Makes the Pulumi CLI available offline and prints the directory to put on PATH (last stdout line).
#
# - A `pulumi` already on PATH at v3.259.0 or newer is used as it is: nothing is added next to it.
# - Otherwise the CLI is built from Go modules through the Go module proxy (pulumi-offline/cli pins the
#   exact versions in go.mod/go.sum), once, into a cache outside the repository; later runs take seconds.
# - The Node language host is the offline build's own (pulumi-offline/languageHost.ts): Pulumi's Go
#   host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is an untagged module the
#   proxy refuses (403), so the engine runs Node programs through ours. It is bundled into the cache
#   with everything it needs, so the cached CLI runs any Node.js Pulumi program, with or without
#   pulumi-line installed. See pulumi-offline/README.md.
# - Pulumi YAML's language host (github.com/pulumi/pulumi-yaml, a tagged module the proxy serves) is
#   built from pulumi-offline/yaml the same way, once, for `runtime: yaml` programs.
set -euo pipefail

VERSION="v3.259.0"
# Pulumi YAML's language host, for `runtime: yaml` programs (pulumi-line's native provider).
YAML_VERSION="v1.25.0"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
CACHE="${PULUMI_LINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-line}"
BIN="$CACHE/pulumi-$VERSION/bin"
LIB="$CACHE/pulumi-$VERSION/lib/nodejs"

log() { echo "install-pulumi: $*" >&2; }

version_at_least() { # $1 >= $2, both vX.Y.Z
    [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n1)" = "${2#v}" ]
}

# The launchers the engine looks for next to `pulumi` or on PATH: our language host, the dynamic
# provider host that @pulumi/pulumi ships, which our launcher runs from the program's directory with
# the watchdog preloaded, and pulumi-line's native provider (for YAML programs), likewise resolved
# from the program's directory. The language host and the watchdog are bundled with everything they need
# (esbuild, which tsx brings), so nothing but the program's own @pulumi/pulumi is looked up in the
# program's directory. Each file is made in a staging directory beside its destination and renamed
# into place, so a run interrupted halfway, or another run at the same time, never leaves or sees
# half a file.
install_plugins() {
    local dir="$1" staging
    staging="$(mktemp -d "$LIB.tmp.XXXXXX")"
    trap 'rm -rf "$staging"' RETURN
    "$ROOT/node_modules/.bin/esbuild" "$HERE/languageHost.ts" "$HERE/watchdog.ts" \
        --bundle --platform=node --target=node20 --format=cjs --log-level=warning --outdir="$staging"
    for file in languageHost.js watchdog.js; do mv -f "$staging/$file" "$LIB/$file"; done
    for launcher in pulumi-language-nodejs pulumi-resource-pulumi-nodejs pulumi-resource-line; do
        cp "$HERE/bin/$launcher" "$staging/$launcher"
        chmod +x "$staging/$launcher"
        mv -f "$staging/$launcher" "$dir/$launcher"
    done
}

# The cached CLI itself may be on PATH; it is not "a pulumi already there" and gets its plugins updated.
if command -v pulumi >/dev/null 2>&1 && [ "$(command -v pulumi)" != "$BIN/pulumi" ]; then
    existing="$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null || true)"
    if [ -n "$existing" ] && version_at_least "$existing" "$VERSION"; then
        log "using pulumi $existing from PATH"
        dirname "$(command -v pulumi)"
        exit 0
    fi
fi

# Builds one binary from its wrapper module ($2, beside this script) into $BIN: the name, the module
# folder, the Go package, the variable its version is stamped into, the version, and what a first build
# costs. Moved into place only once complete, so an interrupted build never leaves half a binary.
go_build() {
    local name="$1" module="$2" package="$3" version_var="$4" version="$5" cost="$6" started
    # Go's official archive installs to /usr/local/go, which a non-login shell may not have on PATH.
    command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
    command -v go >/dev/null 2>&1 || { log "Go is needed to build $name (none on PATH or in /usr/local/go/bin)"; exit 1; }
    log "building $name $version from Go modules (first run only: $cost)"
    started=$(date +%s)
    (
        cd "$HERE/$module"
        CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
            -ldflags "-s -w -X $version_var=$version" -o "$BIN/$name.tmp.$$" "$package"
    )
    mv -f "$BIN/$name.tmp.$$" "$BIN/$name"
    log "built $name $version in $(( $(date +%s) - started ))s"
}

mkdir -p "$BIN" "$LIB"
if [ -x "$BIN/pulumi" ] && [ "$("$BIN/pulumi" version 2>/dev/null || true)" = "$VERSION" ]; then
    log "pulumi $VERSION is cached in $BIN"
else
    go_build pulumi cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
        github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$VERSION" \
        "several minutes, ~3 GB of module and build cache"
fi
# Pulumi YAML's language host, built once: a module of its own (yaml/), because pulumi-yaml pins the
# Pulumi SDK at the version it was released with (v3.206.0), whose APIs the CLI's v3.259.0 has changed.
if [ -x "$BIN/pulumi-language-yaml" ]; then
    log "pulumi-language-yaml $YAML_VERSION is cached in $BIN"
else
    go_build pulumi-language-yaml yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
        github.com/pulumi/pulumi-yaml/pkg/version.Version "$YAML_VERSION" "about a minute"
fi
install_plugins "$BIN"
echo "$BIN"
