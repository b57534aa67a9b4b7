#!/usr/bin/env bash
# Builds the four bundles the runner and npm run (dist/main, dist/post, dist/list-accounts,
# dist/cli) with ncc, minified. bundle/tsconfig.paths.json (read through TS_NODE_PROJECT, which
# ncc's path resolution honours) points the AWS SDK at its ES module builds, so that webpack can
# leave out what is never imported, and replaces packages no code path runs by stand-ins
# (bundle/stand-ins/). Type checking still uses the root tsconfig.json and the real packages.
# ncc writes licenses.txt for one chunk only when a bundle has lazy chunks, so
# scripts/licenses.ts writes it from the build's module list instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export TS_NODE_PROJECT="$PWD/bundle/tsconfig.paths.json"
stats=$(mktemp -d)
trap 'rm -rf "$stats"' EXIT
rm -rf dist
build() {
  local entry=$1 name=$2
  npx ncc build "$entry" -o "dist/$name" --minify --quiet --stats-out "$stats/$name.json"
  npx tsx scripts/licenses.ts "$stats/$name.json" "dist/$name/licenses.txt"
}
build src/action/index.ts main
build src/action/post-index.ts post
build src/list-accounts/index.ts list-accounts
build src/cli/index.ts cli
