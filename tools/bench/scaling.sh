#!/usr/bin/env bash
# The scaling table of BENCHMARKS.md: `weightwalk check` (-c opt, the binary
# run directly) on index-only Mixtral-format checkpoints from 2 x 4 to
# 1,000 x 256 blocks x experts; names vs median wall time (hyperfine) and
# peak RSS (/usr/bin/time), as a Markdown table.
#
#   tools/bench/scaling.sh [WORKDIR]
set -euo pipefail
# shellcheck source=tools/bench/common.sh
source "$(dirname "$0")/common.sh"
bench_setup "${1:-}"

echo "| blocks x experts | checkpoint names | index size | median wall | peak RSS | ns per name |"
echo "|---|---|---|---|---|---|"
for size in 2x4 8x64 61x256 250x256 1000x256; do
  blocks=${size%x*}
  experts=${size#*x}
  name="mixtral_$size"
  # The scale fixture with this sweep point's block and expert counts.
  sed -e "s/^name: .*/name: \"$name\"/" -e "s/num_blocks: [0-9]*/num_blocks: $blocks/" \
    -e "s/experts: 256/experts: $experts/" -e "s/experts_per_token: 8/experts_per_token: $((experts < 8 ? experts : 8))/" \
    tools/bench/fixtures/mixtral_1000x256.textproto >"$work/$name.textproto"
  bench_checkpoint "$work/$name.textproto" "$work/$name" "$work/${name}_index"
  hyperfine --warmup 2 --min-runs 10 --style none --export-json "$work/$name.json" \
    "$weightwalk check $work/${name}_index" >/dev/null
  median=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/$name.json")
  rss=$(bench_peak_rss_kb "$weightwalk" check "$work/${name}_index")
  names=$(bench_names "$work/${name}_index")
  bytes=$(stat -c %s "$work/${name}_index/model.safetensors.index.json")
  awk -v s="$size" -v n="$names" -v b="$bytes" -v t="$median" -v r="$rss" 'BEGIN {
    printf "| %s | %d | %.1f MB | %.1f ms | %.1f MB | %.0f |\n", s, n, b / 1e6, t * 1000, r / 1024, t * 1e9 / n }'
done
