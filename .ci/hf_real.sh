#!/usr/bin/env bash
# The expected verdict of `weightwalk check` on each real Hugging Face
# checkpoint in ../shared/hf_real (metadata only: config.json and the weight
# index). Prints one PASS or FAIL line per directory; run by .ci/run.
#
#   .ci/hf_real.sh WEIGHTWALK_BINARY HF_REAL_DIRECTORY
set -uo pipefail
weightwalk=$1
root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

verdict() { # name expected-exit actual-exit [problem]
  if [[ "$2" == "$3" && -z "${4:-}" ]]; then
    echo "PASS: hf_real/$1 exits $2"
  else
    echo "FAIL: hf_real/$1: exit $3 (expected $2)${4:+; $4}"
  fi
}

run() { # name [arguments...]: runs check, output in $out/<name>.{txt,textproto}
  local name=$1
  shift
  "$weightwalk" check "$root/$name" "$@" >"$out/$name.txt" 2>&1
  echo $?
}

# Clean: every tensor consumed, none missing, every config key understood.
# llama-3.2-3b-tied has no lm_head.weight: tied, so none is expected.
for name in llama-3.2-3b-tied mistral-devstral-small-2507 mixtral-8x7b-dolphin-2.5; do
  status=$(run "$name")
  problem=""
  grep -q '): clean$' "$out/$name.txt" || problem="not reported clean: $(head -3 "$out/$name.txt")"
  verdict "$name" 0 "$status" "$problem"
done

# bitsandbytes int8: its 448 quantization tensors (.SCB, .weight_format) are
# unconsumed, its quantization_config is an unknown key, and nothing else.
name=llama-3.1-8b-instruct-bnb-int8
status=$(run "$name" --output=textproto)
cp "$out/$name.txt" "$out/$name.textproto"
# Counted in the listed findings (the report's `counts` blocks name rules
# too): each `findings { ... }` block's rule.
listed() { awk '/^findings \{/ {f = 1} /^counts \{/ {f = 0} f' "$out/$name.textproto"; }
unconsumed=$(listed | grep -c 'rule: "unconsumed-checkpoint-tensor"')
quantization=$(grep -cE 'subjects: "model\.layers\.[0-9]+\.(self_attn|mlp)\.[a-z_]+\.(SCB|weight_format)"' "$out/$name.textproto")
unknown=$(listed | grep -c 'rule: "unknown-config-key"')
config_key=$(grep -c 'subjects: "quantization_config"' "$out/$name.textproto")
total=$(grep -c '^findings {' "$out/$name.textproto")
problem=""
if [[ "$unconsumed" != 448 || "$quantization" != 448 || "$unknown" != 1 || "$config_key" != 1 || "$total" != 449 ]]; then
  problem="findings: $unconsumed unconsumed ($quantization quantization tensors), $unknown unknown keys ($config_key quantization_config), $total in all; expected 448, 448, 1, 1, 449"
fi
verdict "$name" 1 "$status" "$problem"

# Gemma: a model_type no Fast-LLM format reads; the error lists the formats.
name=gemma-2b
status=$(run "$name")
problem=""
grep -q 'unsupported model_type "gemma".*supported formats: .*llama.*mistral.*mixtral' "$out/$name.txt" ||
  problem="unexpected message: $(cat "$out/$name.txt")"
verdict "$name" 2 "$status" "$problem"

# BLOOM: an index holding a git merge conflict; the error names the file
# and the line of the JSON error.
name=bloom-176b
status=$(run "$name" --index=model.safetensors.index.json.HEAD-merge-conflict.txt)
problem=""
grep -q 'model\.safetensors\.index\.json\.HEAD-merge-conflict\.txt:2:1: unexpected .=. after the JSON value' "$out/$name.txt" ||
  problem="unexpected message: $(cat "$out/$name.txt")"
verdict "$name" 2 "$status" "$problem"
