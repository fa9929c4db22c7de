# shellcheck shell=bash
# Writers of large hostile checkpoint directories, generated rather than
# checked in (they run to tens of MB). Sourced by tools/hostile_inputs_test.sh,
# which checks how weightwalk refuses the ones over its limits, and by
# tools/bench/limits.sh, which measures the largest ones it accepts.
# Each writes a complete directory DIR (created, or emptied first) that
# `weightwalk check DIR` reads; awk writes the big files, where a shell loop
# of a million printfs would be slow.

# large_mixtral DIR LAYERS EXPERTS: a Mixtral config.json of LAYERS layers
# of EXPERTS experts each, and an index with an empty weight map, so that
# every checkpoint name of the model is a finding.
large_mixtral() {
  local dir=$1 layers=$2 experts=$3
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  printf '{"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": %d, "num_local_experts": %d, "num_experts_per_tok": 2, "vocab_size": 100, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "tie_word_embeddings": false, "hidden_act": "silu"}\n' \
    "$layers" "$experts" >"$dir/config.json"
  printf '{"weight_map": {}}\n' >"$dir/model.safetensors.index.json"
}

# large_header DIR CONFIG TENSORS: CONFIG (a config.json) and one
# model.safetensors, without an index, whose header lists TENSORS one-byte
# tensors `extra.N.weight` that no converter consumes.
large_header() {
  local dir=$1 config=$2 tensors=$3
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  cp "$config" "$dir/config.json" && safetensors_file "$dir/model.safetensors" "$tensors"
}

# safetensors_file FILE TENSORS [PREFIX]: a safetensors file of TENSORS
# one-byte tensors named PREFIX.N.weight (PREFIX "extra" when not given).
safetensors_file() {
  local file=$1 tensors=$2 prefix=${3:-extra}
  awk -v n="$tensors" -v prefix="$prefix" 'BEGIN {
    printf "{";
    for (i = 0; i < n; i++) {
      printf "%s\"%s.%d.weight\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[%d,%d]}",
        (i ? "," : ""), prefix, i, i, i + 1;
    }
    printf "}";
  }' >"$file.header" || return 1
  local length
  length=$(stat -c %s "$file.header")
  # The 8-byte little-endian length, the header, then the data.
  {
    local i
    for ((i = 0; i < 8; i++)); do
      # shellcheck disable=SC2059  # the format is an octal escape
      printf "\\$(printf '%03o' $(((length >> (8 * i)) & 255)))"
    done
    cat "$file.header"
    head -c "$tensors" /dev/zero
  } >"$file"
  rm "$file.header"
}

# large_index DIR CONFIG ENTRIES [FORM]: CONFIG (a config.json) and a
# weight index of ENTRIES tensors in model.safetensors, which is not there.
# FORM picks which of the index reader's tiers (checkpoint/index.h) reads
# it: "sorted" (names in order, as transformers writes them) the scanner,
# otherwise (names out of order) simdjson.
large_index() {
  local dir=$1 config=$2 entries=$3 form=${4:-}
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  cp "$config" "$dir/config.json" || return 1
  awk -v n="$entries" -v form="$form" 'BEGIN {
    name = form == "sorted" ? "extra.%07d.weight" : "extra.%d.weight";
    printf "{\"weight_map\": {";
    for (i = 0; i < n; i++) {
      printf "%s\"" name "\": \"model.safetensors\"", (i ? ", " : ""), i;
    }
    print "}}";
  }' >"$dir/model.safetensors.index.json"
}

# large_config DIR CHECKPOINT KEYS: a copy of CHECKPOINT (a directory
# holding a config.json) whose config.json gains KEYS unknown keys.
large_config() {
  local dir=$1 checkpoint=$2 keys=$3
  rm -rf "$dir" && cp -r "$checkpoint" "$dir" || return 1
  {
    # The config without its closing brace and newline, then the keys.
    head -c -2 "$checkpoint/config.json"
    awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++) printf ", \"k%d\": %d", i, i; print "}" }'
  } >"$dir/config.json"
}
