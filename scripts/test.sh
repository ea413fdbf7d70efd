#!/usr/bin/env bash
# The whole test suite from a fresh Debian machine (run as root, or with what it needs already installed):
# installs system packages the tests use, the npm dependencies, type-checks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the test suite needs; installed only when missing.
SYSTEM_PACKAGES=(mariadb-server mariadb-client postgresql postgresql-15-postgis-3)
missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
# Type-checking runs beside the tests (it needs neither their servers nor their output); its verdict is read at the end.
typecheck=$(mktemp)
npx tsc --noEmit -p . >"$typecheck" 2>&1 &
typecheck_pid=$!
# The one linter and formatter (biome.json): a file it would change, or a rule it flags, fails the run.
npx biome check .

# The first pass records every AWS call the handlers make (test/helpers/aws-call-recorder.ts); the second checks
# those calls against the roles in the synthesized templates and their Redshift statements against Redshift's dialect.
AWS_CALL_LOG_DIR=$(mktemp -d)
export AWS_CALL_LOG_DIR
results=$(mktemp)
recorded=$(mktemp)
status=0
npx jest --ci --json --outputFile="$results" || status=$?
npx jest --ci --json --outputFile="$recorded" -c jest.recorded.config.js || status=$?
node -e '
  const read = (f) => { try { return JSON.parse(require("fs").readFileSync(f, "utf8")); } catch { return { numPassedTests: 0, numFailedTests: 1 }; } };
  const [a, b] = process.argv.slice(1).map(read);
  console.log(`tests: ${a.numPassedTests + b.numPassedTests} passed, ${a.numFailedTests + b.numFailedTests} failed`);
' "$results" "$recorded"
if ! wait "$typecheck_pid"; then
  echo "tsc --noEmit failed:"
  cat "$typecheck"
  status=1
fi
rm -rf "$results" "$recorded" "$AWS_CALL_LOG_DIR" "$typecheck"
exit "$status"
