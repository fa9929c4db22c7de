#!/usr/bin/env bash
# A scale fixture end to end: make-checkpoint writes its header-only
# checkpoint, and `weightwalk check` finds it clean, both with the shard
# headers and from the index alone (config.json + index); removing one
# expert's tensor from the index must then be found.
#
#   scale_test.sh WEIGHTWALK FIXTURE EXPECTED_NAMES
set -uo pipefail
weightwalk=$1
fixture=$2
expected=$3
out="${TEST_TMPDIR:-$(mktemp -d)}/scale"
rm -rf "$out"
mkdir -p "$out"
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

"$weightwalk" make-checkpoint --fixture="$fixture" "$out/full" >"$out/make.log" 2>&1 ||
  { cat "$out/make.log"; fail "make-checkpoint"; }
grep -q "wrote $out/full: $expected tensors" "$out/make.log" ||
  fail "make-checkpoint: $(cat "$out/make.log"), expected $expected tensors"

mkdir -p "$out/index"
cp "$out/full/config.json" "$out/full/model.safetensors.index.json" "$out/index/"
for dir in full index; do
  "$weightwalk" check "$out/$dir" >"$out/$dir.log" 2>&1
  status=$?
  [[ $status -eq 0 ]] && grep -q "^$dir (format mixtral): clean$" "$out/$dir.log" ||
    fail "check $dir: exit $status: $(head -5 "$out/$dir.log")"
done

# One expert's w2 of the last block gone from the index: one finding.
mkdir -p "$out/damaged"
cp "$out/full/config.json" "$out/damaged/"
grep -v '"model.layers.[0-9]*.block_sparse_moe.experts.255.w2.weight"' \
  "$out/full/model.safetensors.index.json" >"$out/damaged/model.safetensors.index.json"
"$weightwalk" check "$out/damaged" >"$out/damaged.log" 2>&1
status=$?
[[ $status -eq 1 ]] && grep -q 'error: missing-checkpoint-tensor: .*experts\.255\.w2\.weight' "$out/damaged.log" ||
  fail "check damaged: exit $status: $(head -5 "$out/damaged.log")"

echo "$failures failures"
[[ $failures -eq 0 ]]
