#!/bin/sh
# Checks every JCS test vector against an implementation that shares no code
# with ours: `canonicalize`, the JavaScript reference by an author of
# RFC 8785, run by node. For each NAME.json in the vectors directory,
# canonicalize(JSON.parse(NAME.json)) must be byte for byte NAME.canonical,
# and NAME.sha256 the lower-case hex SHA-256 of those bytes.
#
#   verify_with_node.sh [VECTORS_DIR]          check (what ctest runs)
#   verify_with_node.sh --write [VECTORS_DIR]  (re)write .canonical and .sha256
#                                              from node, for a new vector
#
# Exits 77 (ctest's SKIP_RETURN_CODE) when node or npm is missing or the
# package cannot be installed (no registry), 1 on any mismatch.
set -eu

package="canonicalize@4.0.0"
mode=check
if [ "${1:-}" = "--write" ]; then
  mode=write
  shift
fi
vectors=$(cd "${1:-$(dirname "$0")/vectors}" && pwd)

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! npm install --prefix "$work" --no-save --no-audit --no-fund \
    --fetch-retries=1 --fetch-timeout=30000 "$package" >"$work/npm.log" 2>&1; then
  echo "SKIP: could not install $package:"
  tail -n 5 "$work/npm.log"
  exit 77
fi

# In $work so that the bare import resolves to the package just installed.
cat >"$work/verify.mjs" <<'SCRIPT'
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir] = process.argv.slice(2);
const names = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length)).sort();
let failures = 0;
for (const name of names) {
  const canonical = Buffer.from(
    canonicalize(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))),
    'utf8');
  const digest = createHash('sha256').update(canonical).digest('hex');
  const canonicalPath = join(dir, `${name}.canonical`);
  const digestPath = join(dir, `${name}.sha256`);
  if (mode === 'write') {
    writeFileSync(canonicalPath, canonical);
    writeFileSync(digestPath, digest);
    console.log(`wrote ${name}: ${digest}`);
    continue;
  }
  const problems = [];
  if (!existsSync(canonicalPath)) {
    problems.push('no .canonical');
  } else if (!canonical.equals(readFileSync(canonicalPath))) {
    problems.push(`.canonical differs; canonicalize gives ${canonical}`);
  }
  if (!existsSync(digestPath)) {
    problems.push('no .sha256');
  } else if (readFileSync(digestPath, 'latin1') !== digest) {
    problems.push(`.sha256 differs; canonicalize gives ${digest}`);
  }
  if (problems.length > 0) failures++;
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.map((p) => `\n     ${p}`).join('')}`);
}
for (const f of readdirSync(dir)) {
  const m = /^(.*)\.(canonical|sha256)$/.exec(f);
  if (m && !names.includes(m[1])) {
    console.log(`FAIL ${f} has no ${m[1]}.json`);
    failures++;
  }
}
if (names.length === 0) {
  console.log(`FAIL no vectors in ${dir}`);
  failures++;
}
console.log(`${names.length} vectors, ${failures} failing`);
process.exit(failures === 0 ? 0 : 1);
SCRIPT

node "$work/verify.mjs" "$mode" "$vectors"
