#!/usr/bin/env bash
# Packages the extension into `stratc-VERSION.vsix` in this folder, with vsce as
# package-lock.json pins it: `code --install-extension stratc-VERSION.vsix` installs it.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/vsce ]; then
  npm ci --no-audit --no-fund
fi
# The extension lives inside stratc's repository, which holds its licence; vsce asks
# about both otherwise, and would wait for an answer.
node_modules/.bin/vsce package --allow-missing-repository --skip-license "$@"
