#!/usr/bin/env bash
# Lints every GitHub Actions workflow the project ships (the examples a team copies) with actionlint,
# built once from Go modules by scripts/install-actionlint.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
actionlint="$(bash "$ROOT/scripts/install-actionlint.sh" | tail -n1)"
cd "$ROOT"
mapfile -t workflows < <(find examples .github -path '*/node_modules' -prune -o \( -name '*.yml' -o -name '*.yaml' \) -print 2>/dev/null \
    | grep -E '(^|/)(github-actions|\.github/workflows)/' | LC_ALL=C sort)
if [ "${#workflows[@]}" -eq 0 ]; then
    echo "lint-workflows: no workflows found" >&2
    exit 1
fi
"$actionlint" -no-color "${workflows[@]}"
# Every action is pinned by commit, with the release it is in a comment: a tag can be moved, a commit
# cannot.
unpinned=$(grep -nE '^[[:space:]-]*uses:' "${workflows[@]}" | grep -vE 'uses:[[:space:]]*[^@[:space:]]+@[0-9a-f]{40}[[:space:]]+#[[:space:]]*v[0-9]' || true)
if [ -n "$unpinned" ]; then
    echo "lint-workflows: actions must be pinned by commit, with their release in a comment (uses: owner/action@<sha> # vX.Y.Z):" >&2
    echo "$unpinned" >&2
    exit 1
fi
echo "lint-workflows: ${#workflows[@]} workflow(s) pass actionlint" >&2
