#!/usr/bin/env sh
# Runs the /insatser benchmark alone (it also runs, unmeasured, in the normal suite) and prints its figures.
# Usage: docs/benchmarks/run-list-benchmark.sh [output-file]   (default: docs/benchmarks/list-benchmark.md)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-"$root/docs/benchmarks/list-benchmark.md"}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
INSATSPORTAL_BENCHMARK_OUTPUT="$out" dotnet test "$root/tests/Insatsportal.IntegrationTests" --filter Category=Benchmark
cat "$out"
