#!/usr/bin/env bash
# `weightwalk check` on small hand-made checkpoint directories: exit codes
# and the findings or errors a user sees. Nothing is downloaded.
set -uo pipefail
weightwalk=$1
data=$2
failures=0
expect() { # description expected-exit actual-exit output-file pattern
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1: exit $3, expected $2"; cat "$4"; failures=$((failures + 1))
  elif ! grep -qE -- "$5" "$4"; then
    echo "FAIL: $1: output lacks /$5/"; cat "$4"; failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}
out=$(mktemp -d)

"$weightwalk" check "$data/tiny_llama" >"$out/1" 2>&1
expect "a complete llama checkpoint is clean" 0 $? "$out/1" '^tiny_llama \(format llama\): clean$'

"$weightwalk" check "$data/missing_tensor" >"$out/2" 2>&1
expect "a lost tensor is missing-checkpoint-tensor" 1 $? "$out/2" \
  '^error: missing-checkpoint-tensor: the TRANSPOSE_SPLIT converter decoder\.1\.mlp\.layer_2\.weight -> model\.layers\.1\.mlp\.down_proj\.weight needs model\.layers\.1\.mlp\.down_proj\.weight'
# The finding points at the line that declared the converter, and at the
# rule's documentation.
expect "the finding names the converter's line" 1 1 "$out/2" \
  '^  at converters/llama/llama\.cc:[0-9]+$'
expect "the finding links its rule's documentation" 1 1 "$out/2" \
  '^rules: docs/RULES\.md#missing-checkpoint-tensor$'

"$weightwalk" check "$data/mistral_attention_bias" >"$out/3" 2>&1
expect "mistral does not claim attention_bias" 1 $? "$out/3" \
  '^error: unknown-config-key: config.json key attention_bias '

"$weightwalk" check "$data/tiny_llama" --format=mistral >"$out/3b" 2>&1
expect "architectures must match the format" 2 $? "$out/3b" \
  'tiny_llama/config\.json:2:20: "architectures" must be \["MistralForCausalLM"\] for format mistral'

"$weightwalk" check "$data/duplicate_key" >"$out/4" 2>&1
expect "a duplicate index key is bad input" 2 $? "$out/4" \
  'duplicate_key/model\.safetensors\.index\.json:[0-9]+:5: duplicate key "lm_head\.weight" \(first at line [0-9]+\)'

"$weightwalk" check "$data/no_config" >"$out/5" 2>&1
expect "a missing config.json is bad input" 2 $? "$out/5" 'no_config/config\.json: no such file'

# The weights are read beside the config, but their error comes first: the
# duplicate index with the config of another directory that does not exist.
"$weightwalk" check "$data/duplicate_key" --config="$data/no_config/config.json" >"$out/5b" 2>&1
expect "a broken index is reported before a missing config" 2 $? "$out/5b" \
  'duplicate_key/model\.safetensors\.index\.json:[0-9]+:5: duplicate key'
if grep -q 'no such file' "$out/5b"; then
  echo "FAIL: the missing config was reported too"; cat "$out/5b"; failures=$((failures + 1))
fi

"$weightwalk" check "$data/tiny_llama" --format=bogus >"$out/6" 2>&1
expect "an unknown --format is bad input" 2 $? "$out/6" \
  'unknown format "bogus"; formats: apriel2, apriel2_text, apriel_hybrid_ssm,'

"$weightwalk" check "$data/tiny_llama" --format=gemma4 >"$out/6b" 2>&1
expect "a config of another architecture is bad input" 2 $? "$out/6b" \
  'config\.json:2:20: "architectures" must be \["Gemma4ForCausalLM"\] for format gemma4'

"$weightwalk" check "$data/nowhere" >"$out/7" 2>&1
expect "a missing directory is bad input" 2 $? "$out/7" 'nowhere: not a directory'

# diff-params: the model library against a framework's named_parameters().
dumps=$3
"$weightwalk" diff-params --fixture=llama "$dumps/llama.json" >"$out/8" 2>&1
expect "an identical dump" 0 $? "$out/8" '^llama: 17 parameters here, 17 in .*llama.json: identical$'

"$weightwalk" diff-params --fixture=llama "$dumps/llama_drifted.json" >"$out/9" 2>&1
expect "a drifted dump" 1 $? "$out/9" \
  'shape differs: decoder\.0\.mlp\.layer_2\.weight is \[1024, 256\] here, \[256, 1024\] in the dump'
grep -q 'only in the dump: head.final_norm.bias \[256\]' "$out/9" ||
  { echo "FAIL: extra dump name not reported"; failures=$((failures + 1)); }

"$weightwalk" diff-params --fixture=llama "$dumps/malformed.json" >"$out/10" 2>&1
expect "a malformed dump" 2 $? "$out/10" \
  'malformed\.json:2:7: the shape of "x" must be an array of sizes'

# The layout of ../shared/fastllm-truth: a list of [name, shape] and tied
# groups, compared with a fixture or with a manifest file.
"$weightwalk" diff-params --fixture=mtp_llama "$dumps/mtp_llama.params.json" >"$out/11" 2>&1
expect "a Fast-LLM dump with tied groups" 0 $? "$out/11" '^mtp_llama: 26 parameters here, 26 in .*: identical$'

sed 's/"multi_token_prediction.heads.0.output_weights"$/"head.final_norm.weight"/' \
  "$dumps/mtp_llama.params.json" >"$out/mtp_untied.json"
"$weightwalk" diff-params --manifest=fixtures/goldens/mtp_llama.parameters.textproto "$out/mtp_untied.json" >"$out/12" 2>&1
expect "a tied group that differs" 1 $? "$out/12" \
  'tied group differs: head\.output_weights ties \{head\.output_weights, multi_token_prediction\.heads\.0\.output_weights\} here and \{head\.output_weights, head\.final_norm\.weight\} in the dump'

"$weightwalk" diff-params --fixture=llama --manifest=x "$dumps/llama.json" >"$out/13" 2>&1
expect "--fixture and --manifest together" 2 $? "$out/13" 'either --fixture=NAME\|FILE or --manifest=FILE'

# diff-converters: the converter manifest against a framework's leaves.
"$weightwalk" diff-converters --fixture=llama "$dumps/llama.converters.json" >"$out/14" 2>&1
expect "an identical converter dump" 0 $? "$out/14" \
  '^llama \(format llama\): 17 converters here, 17 in .*llama\.converters\.json: identical$'

sed 's/"model.layers.0.mlp.up_proj.weight"/"model.layers.0.mlp.w3.weight"/' \
  "$dumps/llama.converters.json" >"$out/renamed.json"
"$weightwalk" diff-converters --fixture=llama "$out/renamed.json" >"$out/15" 2>&1
expect "a renamed checkpoint tensor" 1 $? "$out/15" \
  '^  checkpoint names differ: decoder\.0\.mlp\.layer_1\.weight exports model\.layers\.0\.mlp\.gate_proj\.weight, model\.layers\.0\.mlp\.up_proj\.weight here and model\.layers\.0\.mlp\.gate_proj\.weight, model\.layers\.0\.mlp\.w3\.weight in the dump$'

"$weightwalk" diff-converters --fixture=llama --format=mistral "$dumps/llama.converters.json" >"$out/16" 2>&1
expect "another format" 1 $? "$out/16" 'format differs: mistral here and llama in the dump'

"$weightwalk" diff-converters --fixture=llama "$dumps/llama.json" >"$out/17" 2>&1
expect "a parameter dump is not a converter dump" 2 $? "$out/17" \
  'llama\.json:1:1: the dump must be a JSON object with "converters"'

exit $((failures > 0))
