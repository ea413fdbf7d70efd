#!/usr/bin/env bash
# The whole test suite from a fresh Debian machine (run as root, or with what it needs already installed):
# installs system packages the tests use, the npm dependencies, type-checks, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the test suite needs; installed only when missing.
SYSTEM_PACKAGES=(mariadb-server mariadb-client postgresql)
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
npx tsc --noEmit -p .

results=$(mktemp)
status=0
npx jest --ci --json --outputFile="$results" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results"
rm -f "$results"
exit "$status"
