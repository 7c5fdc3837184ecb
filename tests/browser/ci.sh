#!/usr/bin/env bash
# CI step: real-browser, accessibility (axe-core) and HTML-validity (vnu) tests.
# Installs what they need when it is missing (Debian's chromium, chromium-driver
# and a headless JRE; the npm packages pinned in package-lock.json), then runs
# run.mjs, which builds the sample with `cargo build` and prints "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ "${#need[@]}" -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "tests/browser needs Node.js 20 or later (playwright-core); found $(node --version)" >&2
  exit 2
fi

echo "== npm ci (tests/browser)"
# --ignore-scripts: vnu-jar's postinstall would fetch a JRE; the system java is used.
# Playwright's own browser downloads are never used: run.mjs drives /usr/bin/chromium.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

echo "== browser, accessibility and HTML tests"
node run.mjs "$@"
