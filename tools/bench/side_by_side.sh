#!/usr/bin/env bash
# weightwalk check next to the tools people use today, in one hyperfine run
# per checkpoint (BENCHMARKS.md).
#
#   tools/bench/side_by_side.sh [WORKDIR]
#
# Builds weightwalk with -c opt, writes the scale fixtures' checkpoints with
# make-checkpoint (tools/bench/fixtures: Mixtral format, 61 x 256 and
# 1,000 x 256 blocks x experts; header-only shards) and an index-only copy
# of each (config.json + model.safetensors.index.json), then times, on the
# index-only directories:
#   * weightwalk check DIR (the binary run directly);
#   * tools/bench/set_walk.py DIR, a bare two-direction Python set walk;
#   * tools/bench/gguf_map.py DIR, gguf-py's name mapping, when GGUF_PY names
#     a gguf-py folder (llama.cpp/gguf-py; it imports numpy, sentencepiece,
#     yaml and tqdm: Debian's python3-numpy, python3-sentencepiece,
#     python3-yaml and python3-tqdm for /usr/bin/python3).
# and weightwalk check on the header-only checkpoints. Prints hyperfine's
# table, the ratios of the medians, and each command's peak RSS.
set -euo pipefail
# shellcheck source=tools/bench/common.sh
source "$(dirname "$0")/common.sh"
bench_setup "${1:-}"
# The Python the peers run on: PYTHON, else the system's /usr/bin/python3,
# else python3 on the PATH; resolved to the interpreter itself, since a
# version manager's `python3` can be a shell script (pyenv's shim adds about
# 80 ms a start) that would flatter weightwalk.
python=${PYTHON:-}
if [[ -z "$python" ]]; then
  if [[ -x /usr/bin/python3 ]]; then python=/usr/bin/python3; else python=python3; fi
fi
python=$("$python" -c 'import sys; print(sys.executable)')
echo "peers run on $python ($("$python" --version 2>&1))"
gguf_env=()
if [[ -n "${GGUF_PY:-}" ]]; then
  gguf_env=(env "PYTHONPATH=$GGUF_PY")
fi

for size in 61x256 1000x256; do
  full="$work/mixtral_$size"
  index_only="$work/mixtral_${size}_index"
  bench_checkpoint "tools/bench/fixtures/mixtral_$size.textproto" "$full" "$index_only"
  names=$(bench_names "$index_only")
  echo
  echo "=== mixtral $size: $names checkpoint names"
  commands=("$weightwalk check $index_only" "$python tools/bench/set_walk.py $index_only")
  names_of=("weightwalk check (index)" "python set walk")
  if ((${#gguf_env[@]} > 0)); then
    commands+=("${gguf_env[*]} $python tools/bench/gguf_map.py $index_only")
    names_of+=("gguf-py name map")
  fi
  commands+=("$weightwalk check $full")
  names_of+=("weightwalk check (headers)")
  hyperfine_args=()
  for i in "${!commands[@]}"; do
    hyperfine_args+=(--command-name "${names_of[$i]}" "${commands[$i]}")
  done
  hyperfine --warmup 2 --min-runs 10 --style basic --export-json "$work/$size.json" \
    "${hyperfine_args[@]}"
  "$python" - "$work/$size.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
for r in results:
    print(f"  {r['command']:<28} median {r['median'] * 1000:9.1f} ms"
          f"  ({r['median'] / base:5.1f}x weightwalk)")
PY
  for i in "${!commands[@]}"; do
    # shellcheck disable=SC2086  # a command line, split into its words
    rss=$(bench_peak_rss_kb ${commands[$i]})
    awk -v name="${names_of[$i]}" -v kb="$rss" 'BEGIN { printf "  %-28s peak RSS %6.1f MB\n", name, kb / 1024 }'
  done
done
