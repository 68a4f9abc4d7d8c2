#!/usr/bin/env bash
# Builds Plugboard and serves MCP over stdio with the built-in default config,
# which loads the bundled plugins (echo, calculator, greeting). Extra
# arguments go to the daemon, e.g. `scripts/run.sh --config my.yaml`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
cmake --preset default -DPLUGBOARD_BUILD_TESTS=OFF >&2
cmake --build --preset default >&2
exec build/plugboard "$@"
