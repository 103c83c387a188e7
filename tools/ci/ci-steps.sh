#!/usr/bin/env bash
# CI's steps once tools/bootstrap.mjs has the toolchain, the system packages and node_modules in
# place: the README's test command, then `npm run lint`. Ends on the line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
export CI=true NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
# Every CI run really runs every test: no results replayed from a cache left on the machine.
export NX_SKIP_NX_CACHE=true
started=$(date +%s)
log() { printf '[ci %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
log "node $(node --version), pnpm $(pnpm --version)"

log "npm test"
log_file=$(mktemp)
node tools/ci/run-tests.mjs </dev/null 2>&1 | tee "$log_file"
test_status=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log_file" | tail -n 1)
rm -f "$log_file"
passed=$(echo "$summary" | sed -E 's/^([0-9]+) passed.*/\1/'); passed=${passed:-0}
failed=$(echo "$summary" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/'); failed=${failed:-0}
[ -z "$summary" ] && failed=$((failed + 1))
[ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1

log "npm run lint (typecheck, eslint, publint --strict, attw --pack)"
if ! node tools/bootstrap.mjs lint </dev/null; then
  log "lint failed"
  failed=$((failed + 1))
fi

log "done"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
