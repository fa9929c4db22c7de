#!/usr/bin/env bash
# The bad-input catalogue (tools/testdata/bad_inputs): every malformed file
# a user can hand weightwalk (fixture textprotos, config.json, weight-map
# indexes, safetensors headers) must fail with exit 2 and the exact error
# below, naming the file and the line, field or byte; and a failed run
# leaves no output behind. Files are named by what reads them: f_ fixture,
# y_ Fast-LLM config file, c_ config.json, i_ index, s_ safetensors shard.
set -uo pipefail
weightwalk=$1
data=$2       # tools/testdata/bad_inputs
good=$3       # a good checkpoint directory (config.json + index)
out="${TEST_TMPDIR:-$(mktemp -d)}/bad_inputs"
rm -rf "$out"
mkdir -p "$out"
failures=0
cases=0

# file | expected error (a fixed string; a directory prefix is allowed)
while IFS='|' read -r file expected; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  cases=$((cases + 1))
  dir="$out/${file%%.*}"
  case "$file" in
    f_* | y_*) "$weightwalk" parameters "$data/$file" >"$out/$file.log" 2>&1 ;;
    c_*) mkdir -p "$dir" && cp "$good/model.safetensors.index.json" "$dir/" &&
           cp "$data/$file" "$dir/config.json" &&
           "$weightwalk" check "$dir" >"$out/$file.log" 2>&1 ;;
    i_*) mkdir -p "$dir" && cp "$good/config.json" "$dir/" &&
           cp "$data/$file" "$dir/model.safetensors.index.json" &&
           "$weightwalk" check "$dir" >"$out/$file.log" 2>&1 ;;
    s_*) mkdir -p "$dir" && cp "$good/config.json" "$dir/" &&
           cp "$data/$file" "$dir/model.safetensors" &&
           "$weightwalk" check "$dir" >"$out/$file.log" 2>&1 ;;
  esac
  status=$?
  if [[ $status -ne 2 ]]; then
    echo "FAIL: $file: exit $status, expected 2: $(cat "$out/$file.log")"
    failures=$((failures + 1))
  elif ! grep -qF -- "$expected" "$out/$file.log"; then
    echo "FAIL: $file: expected '$expected', got: $(cat "$out/$file.log")"
    failures=$((failures + 1))
  elif [[ "$file" == f_* || "$file" == y_* ]]; then
    # A fixture that cannot load writes no checkpoint, not even in part.
    "$weightwalk" make-checkpoint --fixture="$data/$file" "$out/ckpt_${file%%.*}" \
      >/dev/null 2>&1
    status=$?
    if [[ $status -ne 2 || -e "$out/ckpt_${file%%.*}" ]] ||
       ls "$out" | grep -q "^ckpt_${file%%.*}\.tmp"; then
      echo "FAIL: $file: make-checkpoint exit $status or left output behind"
      failures=$((failures + 1))
    else
      echo "ok: $file"
    fi
  else
    echo "ok: $file"
  fi
done <<'CASES'
# Fixture textprotos (weightwalk parameters FILE; make-checkpoint too).
f_unknown_field.textproto|f_unknown_field.textproto:2:22: Message type "weightwalk.ModelConfig" has no field named "no_such_field".
f_wrong_type.textproto|f_wrong_type.textproto:2:22: Expected integer, got: "big"
f_bad_enum.textproto|f_bad_enum.textproto:2:32: Unknown enumeration value of "SPIRAL" for field "type".
f_truncated.textproto|f_truncated.textproto:3:1: Expected identifier, got:
f_invalid_utf8.textproto|f_invalid_utf8.textproto: model.decoder.blocks.key: invalid UTF-8 in a string
f_escaped_utf8.textproto|f_escaped_utf8.textproto: model.decoder.blocks.key: invalid UTF-8 in a string
f_size_over_limit.textproto|f_size_over_limit.textproto: model.embeddings.vocab_size: 4611686018427387904 is over weightwalk's limit of 1073741824 for any size or count
f_too_many_blocks.textproto|f_too_many_blocks.textproto: model.decoder: 100001 blocks and heads with up to 64 experts each would make about 28800288 checkpoint names, over weightwalk's limit of 1200000
f_parent_missing.textproto|f_parent_missing.textproto: parent "f_nowhere" does not exist (looked for
f_cycle_a.textproto|f_cycle_a.textproto: parent cycle: f_cycle_a -> f_cycle_b -> f_cycle_a
f_name_mismatch.textproto|f_name_mismatch.textproto: name is "something_else" but the file is named "f_name_mismatch.textproto"; they must match
f_clear_without_parent.textproto|f_clear_without_parent.textproto: clear needs a parent to clear fields of
f_heads_not_divisible.textproto|f_heads_not_divisible.textproto: model.decoder.block.mixer.head_groups: heads (8) must be divisible by head_groups (3)
# Fast-LLM config files, YAML or JSON (weightwalk parameters FILE too).
y_unknown_key.yaml|y_unknown_key.yaml:6:11: model.base_model.decoder.block.mixer.heds: unknown key of AttentionConfig; did you mean heads?
y_unknown_key.json|y_unknown_key.json:1:42: model.base_model.embeddings.vocab_sise: unknown key of LanguageModelEmbeddingsConfig; did you mean vocab_size?
y_wrong_type.yaml|y_wrong_type.yaml:3:18: model.base_model.hidden_size: expected an integer, got a float 256.0
y_misspelt_type.yaml|y_misspelt_type.yaml:4:13: decoder.block.mixer.type: unknown type "atention" for MixerConfig; known: attention, gdn, kda, mamba, stochastic; did you mean attention?
y_float_without_dot.yaml|y_float_without_dot.yaml:4:14: head.normalization.epsilon: expected a number, got a string "1e-5" (YAML 1.1, as Fast-LLM reads it, takes a number with an exponent as a float only with a dot and a sign, e.g. 1.0e-5)
y_duplicate_key.yaml|y_duplicate_key.yaml:2:1: duplicate key "hidden_size" (first at line 1)
y_malformed.yaml|y_malformed.yaml:2:1: end of sequence flow not found
y_leading_comma.yaml|y_leading_comma.yaml:3:1: unexpected "," where a YAML document starts
y_unknown_format.yaml|y_unknown_format.yaml:3:11: pretrained.format: unknown checkpoint format "lama"; Fast-LLM's formats:
y_lora.yaml|y_lora.yaml:2:3: peft: weightwalk does not model LoRA's parameters
# config.json (weightwalk check DIR).
c_not_object.json|config.json:1:1: config.json must be a JSON object
c_truncated.json|config.json:2:1: expected a string key
c_duplicate_key.json|config.json:2:2: duplicate key "model_type" (first at line 1)
c_trailing_garbage.json|config.json:2:1: unexpected '}' after the JSON value
c_invalid_utf8.json|config.json:1:152: invalid UTF-8 in a string
c_size_over_limit.json|config.json:1:64: "intermediate_size" is 9223372036854775807, over weightwalk's limit of 1073741824 for any size or count
c_wrong_type.json|config.json:1:40: "hidden_size" must be a positive integer, got "big"
c_negative_heads.json|config.json:1:90: "num_attention_heads" must be a positive integer, got -2
c_unknown_model_type.json|config.json:1:16: unsupported model_type "gpt_neox": no Fast-LLM checkpoint format reads it
c_bad_activation.json|config.json:1:148: unsupported "hidden_act" "swish"
c_rope_missing_factor.json|config.json:1:150: rope_type "llama3" needs a numeric "factor"
c_wrong_architecture.json|config.json:1:151: "architectures" must be ["LlamaForCausalLM"] for format llama
c_rope_type_not_string.json|config.json:1:422: "rope_type" must be a string (default, llama3 or yarn), got a number
# Weight-map indexes (weightwalk check DIR).
i_not_object.json|model.safetensors.index.json:1:1: an index must be a JSON object, got a string
i_truncated.json|model.safetensors.index.json:2:1: unexpected end of file in an object
i_duplicate.json|model.safetensors.index.json:2:3: duplicate key "a" (first at line 1)
i_no_weight_map.json|model.safetensors.index.json:1:1: the index has no "weight_map"
i_metadata_not_object.json|model.safetensors.index.json:1:14: "metadata" must be an object, got a number
i_shard_not_string.json|model.safetensors.index.json:1:22: the shard of "a" must be a string, got a number
i_shard_escapes.json|model.safetensors.index.json:1:22: the shard of "a" must be a file name in the checkpoint directory, got "../outside.safetensors"
i_too_deep.json|model.safetensors.index.json:1:77: nesting too deep
# safetensors shards (weightwalk check DIR, no index).
s_too_short.safetensors|model.safetensors: byte 0: truncated: 3 bytes, shorter than the 8-byte header length
s_length_past_end.safetensors|model.safetensors: byte 0: header length 64 runs past the end of the 10-byte file
s_length_over_cap.safetensors|model.safetensors: byte 0: header length 209715200 is over weightwalk's limit of 16777216 bytes (16 MiB)
s_length_overflow.safetensors|model.safetensors: byte 0: header length 18446744073709551615 is over weightwalk's limit of 16777216 bytes (16 MiB)
s_invalid_json.safetensors|model.safetensors (header):1:23: expected a string key
s_invalid_utf8.safetensors|model.safetensors (header):1:3: invalid UTF-8 in a string
s_duplicate_key.safetensors|model.safetensors (header):1:63: duplicate key "a" (first at line 1)
s_unknown_dtype.safetensors|model.safetensors (header):1:17: tensor "a" has unknown dtype "F31"
s_shape_not_array.safetensors|model.safetensors (header):1:33: tensor "a": shape must be an array
s_negative_offset.safetensors|model.safetensors (header):1:55: data_offsets must be a non-negative integer, got -4
s_offsets_past_end.safetensors|model.safetensors (header):1:54: tensor "a": data_offsets [0, 16] are outside the data (4 bytes)
s_overlapping.safetensors|model.safetensors (header): tensor "b" starts at data byte 4 but the previous tensor ends at 8 (overlap)
s_gap.safetensors|model.safetensors (header): tensor "b" starts at data byte 8 but the previous tensor ends at 4 (gap)
s_size_mismatch.safetensors|model.safetensors (header):1:55: tensor "a": 4 bytes, but its shape and dtype BF16 need 6
s_metadata_not_string.safetensors|model.safetensors (header):1:29: __metadata__ value of "format" must be a string, got a number
s_dimension_over_limit.safetensors|model.safetensors (header):1:31: dimension 1 of tensor "a" is 18446744073709551615, over the limit of 2^53
s_sub_byte_not_whole.safetensors|model.safetensors (header):1:47: tensor "a": 2 bytes, but its shape and dtype F4 need 12 bits, not a whole number of bytes
CASES

# Every file in the catalogue has a case (f_cycle_b is f_cycle_a's parent).
listed=$(ls "$data" | grep -v '^f_cycle_b\.' | wc -l)
[[ $listed -eq $cases ]] || { echo "FAIL: $listed files but $cases cases"; failures=$((failures + 1)); }
echo "$cases cases, $failures failures"
[[ $failures -eq 0 ]]
