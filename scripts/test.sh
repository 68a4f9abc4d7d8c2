#!/usr/bin/env bash
# Builds Plugboard and runs the whole test suite: unit, ABI, integration and
# interop tests with the official TypeScript SDK client.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error

cmake --preset default -DPLUGBOARD_BUILD_TESTS=ON
cmake --build --preset default
ctest --preset default --parallel "$(nproc)"
