#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the shipped
# default scenarios, then says where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(bash scripts/build.sh)
"$dir/bilim" --version
"$dir/bilim" params > /dev/null
echo "bilim is built: $dir/bilim (try '$dir/bilim --help')"
