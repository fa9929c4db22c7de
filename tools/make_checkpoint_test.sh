#!/usr/bin/env bash
# make-checkpoint writes a real checkpoint of every fixture whose format
# weightwalk can write a config for, and `check` finds each one clean, with
# every shard header read (plus test-only apriel_hybrid_ssm and
# llava_hybrid_ssm fixtures, as no Fast-LLM fixture uses those formats).
# Then the checkpoints are damaged on purpose.
set -uo pipefail
weightwalk=$1
out="${TEST_TMPDIR:-$(mktemp -d)}/checkpoints"
rm -rf "$out"
mkdir -p "$out"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for fixture in llama llama_3 llama_yarn diffusion_llama mtp_llama qwen_2 dream \
               mistral mistral_distill_logits mixtral llama_grpo llava \
               apriel2_attn apriel2_mamba apriel2_hybrid apriel2_stochastic \
               apriel2_multimodal gemma4 \
               tools/testdata/fixtures/apriel_hybrid_ssm.textproto \
               tools/testdata/fixtures/llava_hybrid_ssm.textproto; do
  source=$fixture
  fixture=$(basename "$fixture" .textproto)
  if ! "$weightwalk" make-checkpoint --fixture="$source" --shard_bytes=2000000 \
       "$out/$fixture" >"$out/$fixture.log" 2>&1; then
    fail "make-checkpoint $fixture: $(cat "$out/$fixture.log")"
    continue
  fi
  shards=$(ls "$out/$fixture"/model-*.safetensors | wc -l)
  [[ "$shards" -ge 2 ]] || fail "$fixture: expected several shards, got $shards"
  "$weightwalk" check "$out/$fixture" >"$out/$fixture.check" 2>&1
  status=$?
  if [[ $status -ne 0 ]] || ! grep -q "^$fixture (format [a-z0-9_]*): clean$" "$out/$fixture.check"; then
    fail "check $fixture: exit $status: $(head -5 "$out/$fixture.check")"
  else
    echo "ok: $fixture written in $shards shards and checked clean"
  fi
done

# transformers v5's config layout: rotary keys in rope_parameters.
"$weightwalk" make-checkpoint --fixture=llama_yarn --transformers=5 \
  "$out/llama_yarn_v5" >"$out/v5.log" 2>&1 || fail "v5 make-checkpoint: $(cat "$out/v5.log")"
grep -q '"rope_parameters": {' "$out/llama_yarn_v5/config.json" &&
  ! grep -q '"rope_scaling"' "$out/llama_yarn_v5/config.json" ||
  fail "v5 config.json has no rope_parameters: $(cat "$out/llama_yarn_v5/config.json")"
"$weightwalk" check "$out/llama_yarn_v5" >"$out/v5.check" 2>&1 ||
  fail "v5 check: $(head -5 "$out/v5.check")"
"$weightwalk" make-checkpoint --fixture=llama --transformers=6 "$out/v6" \
  >"$out/v6.log" 2>&1
status=$?
[[ $status -eq 2 && ! -e "$out/v6" ]] && grep -q -- '--transformers takes 4 or 5' "$out/v6.log" ||
  fail "--transformers=6: exit $status: $(cat "$out/v6.log")"

# A lost shard: the index names tensors no shard header holds.
rm "$out/llama/model-00002-of-"*.safetensors
"$weightwalk" check "$out/llama" >"$out/lost.check" 2>&1
status=$?
[[ $status -eq 1 ]] || fail "lost shard: exit $status, expected 1"
grep -q '^error: index-shard-mismatch: the index puts .* in model-00002-of-.*, but no shard header holds it' "$out/lost.check" ||
  fail "lost shard not reported: $(head -5 "$out/lost.check")"

# A checkpoint whose config says a different width than its weights.
sed -i 's/"intermediate_size": 1024/"intermediate_size": 512/' "$out/mistral/config.json"
"$weightwalk" check "$out/mistral" >"$out/width.check" 2>&1
status=$?
[[ $status -eq 1 ]] || fail "wrong width: exit $status, expected 1"
grep -q '^error: checkpoint-shape-mismatch: checkpoint tensor model.layers.0.mlp.down_proj.weight (in .*) is \[256, 1024\] but the TRANSPOSE_SPLIT converter' "$out/width.check" ||
  fail "shape mismatch not reported: $(grep -m3 error "$out/width.check")"

# A model the format cannot express is bad input, and nothing is written.
"$weightwalk" make-checkpoint --fixture=gpt_2 --format=llama "$out/gpt_2" >"$out/gpt_2.log" 2>&1
status=$?
[[ $status -eq 2 ]] || fail "gpt_2 as llama: exit $status, expected 2"
grep -q 'the llama format cannot export this model: decoder.block.normalization' "$out/gpt_2.log" ||
  fail "gpt_2 as llama: $(cat "$out/gpt_2.log")"
[[ ! -e "$out/gpt_2" ]] || fail "gpt_2 as llama left a directory"

# An existing directory is never overwritten.
"$weightwalk" make-checkpoint --fixture=llama "$out/llama" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "make-checkpoint overwrote an existing directory"

exit $((failures > 0))
