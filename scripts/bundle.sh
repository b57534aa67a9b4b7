#!/usr/bin/env bash
# Builds the four bundles the runner and npm run (dist/main, dist/post, dist/list-accounts,
# dist/cli) with ncc, minified. bundle/tsconfig.paths.json (read through TS_NODE_PROJECT, which
# ncc's path resolution honours) points the AWS SDK at its ES module builds, so that webpack can
# leave out what is never imported, and replaces packages no code path runs by stand-ins
# (bundle/stand-ins/). Type checking still uses the root tsconfig.json and the real packages.
# ncc writes licenses.txt for one chunk only when a bundle has lazy chunks, so
# scripts/licenses.ts writes it from the build's module list instead.
# The STS client of role-to-assume (src/sts/) is a bundle of its own, dist/main/sts/, which the
# main action imports as '#sts' only when a role is to be assumed: as a lazy chunk of dist/main
# it would share the SDK's modules with the start-up file, which then could no longer inline
# them (webpack keeps a module shared between chunks on its own), and grow by some 28 kB.
# Last, scripts/dist-stamp.ts records what this dist/ was built from, so that `npm test` can
# tell whether it must bundle again.
set -euo pipefail
cd "$(dirname "$0")/.."
export TS_NODE_PROJECT="$PWD/bundle/tsconfig.paths.json"
# The build stats stay in .tmp/bundle-stats: __tests__/bundle/licences.test.ts checks each
# licenses.txt against its bundle's module list.
stats=.tmp/bundle-stats
rm -rf dist "$stats"
mkdir -p "$stats"
build() {
  local entry=$1 name=$2 statsFile="$stats/${2//\//-}.json"
  npx ncc build "$entry" -o "dist/$name" --minify --quiet --stats-out "$statsFile"
  npx tsx scripts/licenses.ts "$statsFile" "dist/$name/licenses.txt"
}
build src/action/index.ts main
build src/sts/index.ts main/sts
# How dist/main/index.js finds it: the package.json next to it maps '#sts' (Node subpath imports).
printf '{"type":"module","imports":{"#sts":"./sts/index.js"}}\n' > dist/main/package.json
# renew-credentials: endpoint. The detached endpoint lives under dist/main/ so that its '#sts'
# resolves through the same package.json; the credential_process client is Node built-ins only.
build src/endpoint/index.ts main/endpoint
build src/endpoint/credential-process.ts main/credential-process
# ncc gives each a package.json of its own, which would hide dist/main/package.json's '#sts'.
rm -f dist/main/endpoint/package.json dist/main/credential-process/package.json
build src/action/post-index.ts post
build src/list-accounts/index.ts list-accounts
build src/cli/index.ts cli
npx tsx scripts/dist-stamp.ts write
