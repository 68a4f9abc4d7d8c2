#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build (and, with --test,
# to test) Plugboard. Safe to run again: it installs only what is missing.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
  libsimdjson-dev libspdlog-dev libyaml-cpp-dev nlohmann-json3-dev libicu-dev libssl-dev
)
# Google Benchmark builds bench/dispatch (the ABI microbenchmark); it is skipped without it.
test_packages=(libgtest-dev libgmock-dev libbenchmark-dev json-schema-test-suite openssl)

wanted=("${build_packages[@]}")
with_tests=false
if [[ "${1:-}" == "--test" ]]; then
  with_tests=true
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# The image may ship its own Node.js with npm; Debian's packages conflict with
# it, so they are installed only when npm is missing altogether.
if $with_tests && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
