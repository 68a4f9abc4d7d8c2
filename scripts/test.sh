#!/usr/bin/env bash
# Builds Plugboard and runs the whole test suite: unit, ABI, integration and
# interop tests with the official TypeScript SDK client.
#   scripts/test.sh          the normal build (build/)
#   scripts/test.sh asan     AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   scripts/test.sh tsan     ThreadSanitizer (build-tsan/)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"

scripts/install-deps.sh --test
# The SDK, the Inspector and the conformance suite; each folder also brings
# a Node >= 22 (npm package `node`) for the tools that need it.
npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error

cmake --preset "$preset" -DPLUGBOARD_BUILD_TESTS=ON
cmake --build --preset "$preset"
ctest --preset "$preset" --parallel "$(nproc)"
