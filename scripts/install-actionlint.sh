#!/usr/bin/env bash
# Makes actionlint (the GitHub Actions workflow linter) available and prints its path (last stdout line).
#
# - An `actionlint` already on PATH at the pinned version is used as it is.
# - Otherwise it is built from Go modules through the Go module proxy, once, into the same cache as
#   the Pulumi CLI (outside the repository); later runs take milliseconds.
set -euo pipefail

VERSION="v1.7.12"
CACHE="${PULUMI_LINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-line}"
BIN="$CACHE/actionlint-$VERSION/bin"

log() { echo "install-actionlint: $*" >&2; }

if command -v actionlint >/dev/null 2>&1 && [ "$(actionlint -version 2>/dev/null | head -n1)" = "$VERSION" ]; then
    command -v actionlint
    exit 0
fi

if [ ! -x "$BIN/actionlint" ]; then
    command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
    command -v go >/dev/null 2>&1 || { log "Go is needed to build actionlint (none on PATH or in /usr/local/go/bin)"; exit 1; }
    log "building actionlint $VERSION from Go modules (first run only)"
    mkdir -p "$BIN"
    tmp="$(mktemp -d "$CACHE/actionlint-build.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
    # Moved into place only once complete, so an interrupted build never leaves half a binary.
    mv -f "$tmp/actionlint" "$BIN/actionlint"
fi
echo "$BIN/actionlint"
