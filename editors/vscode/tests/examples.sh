#!/usr/bin/env bash
# The grammar's snapshot test over the bundled strategies: tokenises each
# `examples/*.strat` and compares every token's scopes with `tests/examples/NAME.strat.snap`.
# vscode-tmgrammar-snap keeps a snapshot beside its source, so each example is copied with
# its snapshot into a temporary folder. `--update` writes the snapshots anew (review them
# with `git diff`: a snapshot is an assertion).
set -euo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")/.." && pwd)"
examples="$here/../../examples"
snapshots="$here/tests/examples"
snap="$here/node_modules/.bin/vscode-tmgrammar-snap"
if [ ! -x "$snap" ]; then
  echo "error: vscode-tmgrammar-snap is not installed; run \`npm ci\` in editors/vscode" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$examples"/*.strat "$work"/

if [ "${1:-}" = "--update" ]; then
  rm -f "$snapshots"/*.snap
  "$snap" --grammar "$here/syntaxes/strat.tmLanguage.json" --scope source.strat \
    --updateSnapshot "$work/*.strat"
  cp "$work"/*.snap "$snapshots"/
  exit 0
fi

# Without a snapshot the tool would write one and pass: an example must have its own, and
# a snapshot its example.
missing=0
for example in "$work"/*.strat; do
  name="$(basename "$example")"
  if [ -f "$snapshots/$name.snap" ]; then
    cp "$snapshots/$name.snap" "$work/"
  else
    echo "error: examples/$name has no snapshot; run \`editors/vscode/tests/examples.sh --update\`" >&2
    missing=1
  fi
done
for snapshot in "$snapshots"/*.snap; do
  if [ ! -f "$examples/$(basename "$snapshot" .snap)" ]; then
    echo "error: $(basename "$snapshot") is the snapshot of no example; run \`editors/vscode/tests/examples.sh --update\`" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1

if ! "$snap" --grammar "$here/syntaxes/strat.tmLanguage.json" --scope source.strat "$work/*.strat"; then
  echo "error: the grammar scopes the examples differently from tests/examples/*.snap; if the change is meant, run \`editors/vscode/tests/examples.sh --update\` and review the diff" >&2
  exit 1
fi
