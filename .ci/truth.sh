#!/usr/bin/env bash
# Every checked-in golden against what the real Fast-LLM code builds
# (../shared/fastllm-truth, executed at the commit docs/FASTLLM.md pins):
#
#   fixtures/goldens/<f>.parameters.textproto  vs  params/<f>.json      (25)
#     names, order, shapes and tied groups (weightwalk diff-params);
#   fixtures/goldens/<f>.converters.textproto  vs  converters/<f>.json  (22)
#     Fast-LLM names, checkpoint names, grouping, order, transform (by
#     Fast-LLM's converter class) and exported shapes (diff-converters).
#
# A golden update that agrees with a mistaken C++ change passes every Bazel
# test; it does not pass this. Then the check is shown to bite: one line of
# a golden changed in a scratch copy must fail it, naming the change.
#
# Prints PASS/FAIL lines (counted by .ci/run) and, on a difference, the
# first failing fixture's differences.
#
#   .ci/truth.sh WEIGHTWALK_BINARY FASTLLM_TRUTH_DIRECTORY
set -uo pipefail
weightwalk=$1
truth=$2
goldens=fixtures/goldens
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# compare KIND COMMAND: every golden of KIND (parameters|converters) that has
# a truth file, and every truth file that has a golden.
compare() {
  local kind=$1 command=$2 truth_kind=$3 equal=0 total=0 first_failure=""
  local golden name
  for golden in "$goldens"/*."$kind".textproto; do
    name=$(basename "$golden" ".$kind.textproto")
    total=$((total + 1))
    if [[ ! -f "$truth/$truth_kind/$name.json" ]]; then
      [[ -n "$first_failure" ]] || first_failure="$name: no $truth/$truth_kind/$name.json for $golden"
      continue
    fi
    if "$weightwalk" "$command" --manifest="$golden" "$truth/$truth_kind/$name.json" >"$out/$name.$kind.txt" 2>&1; then
      equal=$((equal + 1))
    elif [[ -z "$first_failure" ]]; then
      first_failure=$(cat "$out/$name.$kind.txt")
    fi
  done
  local name_json
  for name_json in "$truth/$truth_kind"/*.json; do
    name=$(basename "$name_json" .json)
    if [[ ! -f "$goldens/$name.$kind.textproto" ]]; then
      total=$((total + 1))
      [[ -n "$first_failure" ]] || first_failure="$name: Fast-LLM builds it, but there is no $goldens/$name.$kind.textproto"
    fi
  done
  if ((equal == total && total > 0)); then
    echo "PASS: $kind goldens equal Fast-LLM's: $equal/$total"
  else
    echo "FAIL: $kind goldens equal Fast-LLM's: $equal/$total; first difference:"
    sed 's/^/    /' <<<"$first_failure"
  fi
}

compare parameters diff-params params
compare converters diff-converters converters

# bites GOLDEN SED-EXPRESSION EXPECTED-LINE: the check fails on a copy of
# GOLDEN with one line changed by SED-EXPRESSION, and names the change.
bites() {
  local golden=$1 change=$2 expected=$3 kind command truth_kind name status
  kind=$(basename "$golden" .textproto)
  kind=${kind##*.}
  name=$(basename "$golden" ".$kind.textproto")
  if [[ "$kind" == parameters ]]; then
    command=diff-params truth_kind=params
  else
    command=diff-converters truth_kind=converters
  fi
  sed "$change" "$golden" >"$out/changed.textproto"
  if cmp -s "$golden" "$out/changed.textproto"; then
    echo "FAIL: the change '$change' does not apply to $golden"
    return
  fi
  "$weightwalk" "$command" --manifest="$out/changed.textproto" "$truth/$truth_kind/$name.json" >"$out/bites.txt" 2>&1
  status=$?
  if ((status == 1)) && grep -qF -- "$expected" "$out/bites.txt"; then
    echo "PASS: a one-line change to $golden fails the check: $(grep -F -- "$expected" "$out/bites.txt" | sed 's/^ *//')"
  else
    echo "FAIL: a one-line change to $golden: exit $status (expected 1 naming '$expected'):"
    sed 's/^/    /' "$out/bites.txt"
  fi
}

bites "$goldens/llama.converters.textproto" \
  's/"model.layers.1.self_attn.o_proj.weight"/"model.layers.1.self_attn.out_proj.weight"/' \
  'checkpoint names differ: decoder.1.mixer.dense.weight exports model.layers.1.self_attn.out_proj.weight here and model.layers.1.self_attn.o_proj.weight in the dump'
bites "$goldens/mixtral.parameters.textproto" '0,/shape: \[256\]/s//shape: [255]/' \
  'shape differs: decoder.0.norm_1.weight is [255] here, [256] in the dump'
bites "$goldens/gpt_2.parameters.textproto" '0,/  tied_group: .*/{//d}' \
  'tied group differs: embeddings.word_embeddings_weight ties {head.output_weights} here'
bites "$goldens/gemma4.converters.textproto" '0,/transform: KEY_VALUE_SPLIT/s//transform: SPLIT/' \
  'transform differs: the converter of decoder.0.mixer.key_value.weight is SPLIT here and _Gemma4SharedKeyValueWeightConverter in the dump'
