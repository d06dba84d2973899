#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, then runs every test project.
# Usage: bash scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# Third-party archivers build part of the ZIP corpus; awscli/unzip serve the benchmark baselines.
need_apt=()
command -v zip >/dev/null || need_apt+=(zip)
command -v unzip >/dev/null || need_apt+=(unzip)
command -v aws >/dev/null || need_apt+=(awscli)
command -v 7z >/dev/null || need_apt+=(p7zip-full)
command -v bsdtar >/dev/null || need_apt+=(libarchive-tools)
command -v jar >/dev/null || need_apt+=(default-jdk-headless)
command -v python3 >/dev/null || need_apt+=(python3)
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "missing tools: ${need_apt[*]} (install them with apt-get, or run as root)" >&2
    exit 1
  fi
fi

# s3rver, pinned by tools/s3rver/package-lock.json.
if [ ! -d tools/s3rver/node_modules/s3rver ]; then
  npm ci --prefix tools/s3rver --no-audit --no-fund
fi

dotnet test OssUnzip.sln --logger "console;verbosity=normal" "$@"
