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

exit $((failures > 0))
