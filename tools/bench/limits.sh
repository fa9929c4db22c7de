#!/usr/bin/env bash
# The largest input of each kind that weightwalk's limits (README, "Limits")
# accept, checked by `weightwalk check` built with -c opt: the median
# seconds and the peak RSS of three runs (/usr/bin/time), for BENCHMARKS.md.
# How inputs over a limit are refused is tools/hostile_inputs_test.sh's.
#
#   tools/bench/limits.sh [WORKDIR]
set -euo pipefail
# shellcheck source=tools/bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup "${1:-}"
# shellcheck source=tools/testdata/large_inputs.sh
source tools/testdata/large_inputs.sh
fixtures=$PWD/fixtures
cd "$work"

rm -rf good
"$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" good >/dev/null

# Each model, config, header and checkpoint just under its limit, with
# every name in it a finding.
large_mixtral mixtral_1135x256 1135 256    # 1,136 blocks x 1,056 names
large_header header_16mib good/config.json 213000
large_config config_4mib good 220000
large_index index_1200000 good/config.json 1200000 sorted
large_index index_1200000_unsorted good/config.json 1200000
rm -rf headers_1200000 && mkdir headers_1200000 &&
  cp good/config.json headers_1200000/ &&
  printf '{"weight_map": {}}\n' >headers_1200000/model.safetensors.index.json
for i in 1 2 3 4 5 6 7 8 9; do
  safetensors_file "headers_1200000/part$i.safetensors" 133333 "part$i"
done

printf '%-22s %10s %15s %8s  %s\n' input "files MB" "median seconds" "peak MB" "findings"
for input in mixtral_1135x256 header_16mib config_4mib index_1200000 \
  index_1200000_unsorted headers_1200000; do
  # Three runs: the median time, the largest peak.
  times=()
  peak=0
  for run in 1 2 3; do
    status=0
    /usr/bin/time -f '%e %M' -o time.txt "$weightwalk" check "$input" >report.txt 2>&1 || status=$?
    if ((status != 1)); then
      echo "$input: exit $status, expected 1 (findings): $(head -c 1000 report.txt)" >&2
      exit 1
    fi
    read -r seconds kilobytes < <(tail -n 1 time.txt)
    times+=("$seconds")
    ((kilobytes > peak)) && peak=$kilobytes
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  printf '%-22s %10.1f %15s %8d  %s\n' "$input" \
    "$(du -sb "$input" | awk '{print $1 / 1e6}')" "$median" $((peak / 1024)) \
    "$(grep -m1 -o '[0-9]* of [0-9]* findings listed' report.txt || echo '-')"
done
