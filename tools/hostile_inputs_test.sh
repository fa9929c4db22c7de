#!/usr/bin/env bash
# The hostile-input catalogue: what a downloaded checkpoint directory, a
# careless user or a signal can do that files checked into
# tools/testdata/bad_inputs cannot (symlink loops, FIFOs, devices,
# permissions, names too long, huge generated inputs, killed writes, names
# that are terminal escapes). Each case must end with its exit code (2 for
# bad input, 1 for findings) and its exact message, never hang, crash or
# leave a file behind. `timeout` only turns a hang into a failure here;
# speed and memory are measured, not asserted: with WEIGHTWALK_MEASURE=FILE
# each case's seconds and peak RSS go to FILE (BENCHMARKS.md shows them for
# a -c opt build).
set -uo pipefail
weightwalk=$(realpath "$1")
fixtures=$(realpath "$2")     # fixtures/ (for llama and its parents)
big_fixture=$(realpath "$3")  # tools/bench/fixtures/mixtral_1000x256.textproto
# shellcheck source=tools/testdata/large_inputs.sh
source "$(realpath "$4")"  # tools/testdata/large_inputs.sh
out="${TEST_TMPDIR:-$(mktemp -d)}/hostile"
rm -rf "$out"
mkdir -p "$out"
failures=0
cases=0

# run NAME EXIT EXPECTED COMMAND...: COMMAND exits EXIT and its output
# holds the fixed string EXPECTED.
run() {
  local name=$1 want=$2 expected=$3
  shift 3
  cases=$((cases + 1))
  if [[ -n "${WEIGHTWALK_MEASURE:-}" ]]; then
    /usr/bin/time -q -f "$name	%e s	%M KB" -a -o "$WEIGHTWALK_MEASURE" \
      timeout 300 "$@" >"$out/$name.log" 2>&1
  else
    timeout 300 "$@" >"$out/$name.log" 2>&1
  fi
  local status=$?
  if ((status == 124)); then
    echo "FAIL: $name: hung (killed after 300 s)"
    failures=$((failures + 1))
  elif ((status != want)); then
    echo "FAIL: $name: exit $status, expected $want: $(head -c 2000 "$out/$name.log")"
    failures=$((failures + 1))
  elif ! grep -qF -- "$expected" "$out/$name.log"; then
    echo "FAIL: $name: expected '$expected', got: $(head -c 2000 "$out/$name.log")"
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}

fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}

# A checkpoint to break in every way below.
good="$out/good"
"$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$good" \
  >/dev/null || fail "make-checkpoint of llama"
copy() { rm -rf "$out/$1" && cp -r "$good" "$out/$1" && echo "$out/$1"; }

# 1. Symlink loops and names too long: errors naming the path, never an
# uncaught std::filesystem exception (exit 134).
d=$(copy self_loop) && ln -s x.safetensors "$d/x.safetensors"
run shard_self_loop 2 "$d/x.safetensors: cannot open: Too many levels of symbolic links" \
  "$weightwalk" check "$d"
d=$(copy index_loop) && rm "$d/model.safetensors.index.json" &&
  ln -s loop "$d/model.safetensors.index.json" && ln -s model.safetensors.index.json "$d/loop"
run index_loop 2 "$d/model.safetensors.index.json: cannot open: Too many levels of symbolic links" \
  "$weightwalk" check "$d"
d=$(copy config_loop) && rm "$d/config.json" && ln -s config.json "$d/config.json"
run config_loop 2 "$d/config.json: cannot open: Too many levels of symbolic links" \
  "$weightwalk" check "$d"
ln -s suppressions.textproto "$out/suppressions.textproto"
run suppressions_loop 2 "$out/suppressions.textproto: cannot open: Too many levels of symbolic links" \
  "$weightwalk" check "$good" --suppressions="$out/suppressions.textproto"
long=$(printf 'a%.0s' {1..300})
run long_component 2 "$out/$long: not a directory (File name too long)" \
  "$weightwalk" check "$out/$long"
run make_checkpoint_long_component 2 "File name too long" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$out/$long"

# 2. A chain of 12,000 fixtures, each the next one's parent: a stated
# depth limit, not a stack overflow.
mkdir -p "$out/chain"
for ((i = 0; i < 12000; i++)); do
  printf 'name: "c%d"\nparent: "c%d"\n' "$i" "$((i + 1))" >"$out/chain/c$i.textproto"
done
printf 'name: "c12000"\nmodel { hidden_size: 64 }\n' >"$out/chain/c12000.textproto"
run parent_chain 2 "the chain of parents is longer than 64 fixtures, weightwalk's limit" \
  "$weightwalk" parameters "$out/chain/c0.textproto"

# 3. FIFOs: refused at once (opened non-blocking), never waited on.
d=$(copy fifo_shard) && rm "$d/model-00001-of-00002.safetensors" &&
  mkfifo "$d/model-00001-of-00002.safetensors"
run fifo_shard 2 "$d/model-00001-of-00002.safetensors: is a FIFO, not a regular file" \
  "$weightwalk" check "$d"
d=$(copy fifo_index) && rm "$d/model.safetensors.index.json" &&
  mkfifo "$d/model.safetensors.index.json"
run fifo_index 2 "$d/model.safetensors.index.json: is a FIFO, not a regular file" \
  "$weightwalk" check "$d"
d=$(copy fifo_config) && rm "$d/config.json" && mkfifo "$d/config.json"
run fifo_config 2 "$d/config.json: is a FIFO, not a regular file" \
  "$weightwalk" check "$d"
mkdir -p "$out/fifo_fixtures" && cp "$fixtures"/{llama,starcoder_2}.textproto "$out/fifo_fixtures/" &&
  mkfifo "$out/fifo_fixtures/blocked.textproto"
run fifo_fixture_in_audit 2 "$out/fifo_fixtures/blocked.textproto: is a FIFO, not a regular file" \
  "$weightwalk" audit --fixtures_dir="$out/fifo_fixtures"

# 4. Devices: refused, not read without end.
d=$(copy zero_config) && ln -sf /dev/zero "$d/config.json"
run dev_zero_config 2 "$d/config.json: is a character device, not a regular file" \
  "$weightwalk" check "$d"
d=$(copy zero_index) && ln -sf /dev/zero "$d/model.safetensors.index.json"
run dev_zero_index 2 "$d/model.safetensors.index.json: is a character device, not a regular file" \
  "$weightwalk" check "$d"

# 5. The model-size limit counts stochastic mixers: 20,000 mixers in each
# of 200 blocks, in a 3 MB config.json, is refused before it is built.
d=$(copy many_mixers) && rm -f "$d"/*.safetensors &&
  printf '{"weight_map": {}}\n' >"$d/model.safetensors.index.json"
{
  printf '{"architectures": ["Apriel2ForCausalLM"], "model_type": "apriel2_text",'
  printf ' "hidden_size": 256, "vocab_size": 384, "tie_word_embeddings": false,'
  printf ' "decoder": {"type": "fixed", "num_blocks": 200, "block": {"mixer":'
  printf ' {"type": "stochastic", "main_mixer_name": "m0", "mixers": {'
  for ((i = 0; i < 20000; i++)); do
    ((i > 0)) && printf ', '
    printf '"m%d": {"type": "attention", "heads": 8, "head_groups": 4, "head_size": 32, "rotary": {"type": "mistral_1d", "theta": 10000.0}, "add_linear_biases": false}' "$i"
  done
  printf '}}, "mlp": {"type": "mlp", "intermediate_size": 1024, "gated": true,'
  printf ' "add_linear_biases": false, "activation": "silu"}, "normalization":'
  printf ' {"type": "rms_norm", "epsilon": 1e-05}}}, "head": {"normalization":'
  printf ' {"type": "rms_norm", "epsilon": 1e-05}}}\n'
} >"$d/config.json"
run many_stochastic_mixers 2 "$d/config.json: the model would have more than 1200000 parameter names, weightwalk's limit" \
  "$weightwalk" check "$d"

# Findings are bounded: each rule lists its first 1,000 and counts all.
d=$(copy findings_flood) && rm -f "$d"/*.safetensors &&
  printf '{"weight_map": {}}\n' >"$d/model.safetensors.index.json" &&
  printf '{"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 400, "num_local_experts": 64, "num_experts_per_tok": 2, "vocab_size": 100, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "tie_word_embeddings": false, "hidden_act": "silu"}\n' \
    >"$d/config.json"
run findings_flood 1 "note: missing-checkpoint-tensor: 1000 of 79603 findings listed; --max_findings=0 lists them all" \
  "$weightwalk" check "$d"
large_config "$out/unknown_keys_flood" "$good" 100000
run unknown_keys_flood 1 "note: unknown-config-key: 1000 of 100000 findings listed; --max_findings=0 lists them all" \
  "$weightwalk" check "$out/unknown_keys_flood"

# The issue's three inputs whose own size was the cost, each over a stated
# limit and refused before it is read or built: a 400-byte Mixtral config
# of 3,780 layers x 256 experts (2.9 million checkpoint names), one 91 MB
# header of 1,150,000 tensors, an 18 MB config.json of a million unknown
# keys.
large_mixtral "$out/mixtral_3780x256" 3780 256
run mixtral_3780x256 2 "$out/mixtral_3780x256/config.json: the imported model is invalid: decoder: 3781 blocks and heads with up to 256 experts each would make about 3992736 checkpoint names, over weightwalk's limit of 1200000" \
  "$weightwalk" check "$out/mixtral_3780x256"
large_header "$out/header_1150000" "$good/config.json" 1150000
run header_1150000_tensors 2 "$out/header_1150000/model.safetensors: byte 0: header length 92116677 is over weightwalk's limit of 16777216 bytes (16 MiB)" \
  "$weightwalk" check "$out/header_1150000"
rm -rf "$out/header_1150000"
large_config "$out/unknown_keys_1000000" "$good" 1000000
run unknown_keys_1000000 2 "$out/unknown_keys_1000000/config.json: 18778203 bytes, over weightwalk's limit of 4194304 bytes for this kind of file" \
  "$weightwalk" check "$out/unknown_keys_1000000"
rm -rf "$out/unknown_keys_1000000"
# A checkpoint's tensors are bounded as a model's names are: in its weight
# index, and in its headers together (each header under its own cap).
for form in sorted unsorted; do
  large_index "$out/index_$form" "$good/config.json" 1200001 "$form"
  run "index_${form}_over_tensor_limit" 2 "$out/index_$form/model.safetensors.index.json: the weight map lists more than 1200000 tensors, weightwalk's limit" \
    "$weightwalk" check "$out/index_$form"
  rm -rf "$out/index_$form"
done
d=$(copy headers_1260000) && rm -f "$d"/*.safetensors &&
  printf '{"weight_map": {}}\n' >"$d/model.safetensors.index.json" &&
  for i in 1 2 3 4 5 6 7 8 9; do safetensors_file "$d/part$i.safetensors" 140000 "part$i"; done
run headers_over_tensor_limit 2 "$d/part9.safetensors: the headers up to this one list 1260000 tensors, over weightwalk's limit of 1200000 in a checkpoint" \
  "$weightwalk" check "$d"
rm -rf "$d"

# 6. A directory weightwalk may not list, as a user who is not root (root
# reads anything): a clear error. Skipped where no other user is at hand.
if [[ $(id -u) -eq 0 ]] && command -v setpriv >/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  shared=$(mktemp -d /tmp/weightwalk_hostile.XXXXXX)
  chmod 755 "$shared" && cp "$weightwalk" "$shared/weightwalk" &&
    cp -r "$good" "$shared/closed" && chmod 755 "$shared/closed" &&
    mkdir "$shared/fixtures" && cp "$fixtures"/*.textproto "$shared/fixtures/" &&
    chmod -R a+rX "$shared/fixtures" &&
    chmod 644 "$shared/closed"/* && chmod 311 "$shared/closed"
  run unlistable_directory 2 "$shared/closed: cannot list the directory: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$shared/weightwalk" check "$shared/closed"
  chmod 700 "$shared/closed"
  run unsearchable_directory 2 "$shared/closed/model.safetensors.index.json: cannot stat: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$shared/weightwalk" check "$shared/closed"
  run make_checkpoint_into_a_closed_directory 2 "$shared/closed/out: Permission denied" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$shared/weightwalk" \
    make-checkpoint --fixture="$shared/fixtures/llama.textproto" "$shared/closed/out"
  chmod -R u+rwx "$shared" && rm -rf "$shared"
else
  echo "skipped: unlistable_directory (needs root and setpriv to become another user)"
fi

# 7. make-checkpoint's OUT: trailing slashes, an empty path, an existing
# directory that is not empty, an existing file; it never deletes what it
# did not create.
run make_checkpoint_trailing_slash 0 "tensors of llama" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$out/slash//"
[[ -f "$out/slash/model.safetensors.index.json" ]] || fail "make_checkpoint_trailing_slash: no index in $out/slash"
ls -a "$out" | grep -q '\.tmp\.' && fail "make_checkpoint_trailing_slash: a temporary directory is left"
run make_checkpoint_empty_path 2 "make-checkpoint needs an output directory; the path given is empty" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" ""
mkdir -p "$out/kept" && echo "mine" >"$out/kept/notes.txt"
run make_checkpoint_non_empty_out 2 "$out/kept: already exists and is not empty; make-checkpoint writes a new (or empty) directory" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$out/kept"
[[ "$(cat "$out/kept/notes.txt")" == mine ]] || fail "make_checkpoint_non_empty_out: the user's file changed"
echo "a file" >"$out/a_file"
run make_checkpoint_out_is_a_file 2 "$out/a_file: already exists and is not a directory" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$out/a_file"
# Directories named as make-checkpoint's temporary ones, holding a user's
# files: never deleted.
mkdir -p "$out/users.tmp.4242" && echo "mine" >"$out/users.tmp.4242/notes.txt"
mkdir -p "$out/.users.tmp.XXXXXX" && echo "mine" >"$out/.users.tmp.XXXXXX/notes.txt"
run make_checkpoint_beside_a_users_tmp 0 "tensors of llama" \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" "$out/users"
[[ -f "$out/users.tmp.4242/notes.txt" && -f "$out/.users.tmp.XXXXXX/notes.txt" ]] ||
  fail "make_checkpoint_beside_a_users_tmp: a directory weightwalk did not create was deleted"
run make_checkpoint_flag_without_value 2 "flag --dtype needs a value: --dtype=..." \
  "$weightwalk" make-checkpoint --fixture="$fixtures/llama.textproto" --dtype "$out/no_value"
run output_flag_without_value 2 "flag --output needs a value: --output=..." \
  "$weightwalk" check "$good" --output

# 8. A signal mid-write (12,723 shards of the 1,000 x 256 scale fixture):
# the temporary directory is removed, OUT never appears, and the signal
# then ends the process as it would have (exit 128 + its number). A
# background job ignores SIGINT unless told otherwise (env
# --default-signal).
for signal in TERM INT; do
  cases=$((cases + 1))
  target="$out/killed_$signal"
  env --default-signal=INT "$weightwalk" make-checkpoint --fixture="$big_fixture" \
    "$target" >"$out/killed_$signal.log" 2>&1 &
  pid=$!
  caught=0
  for ((tries = 0; tries < 6000; tries++)); do
    if compgen -G "$out/.killed_$signal.tmp.*/model-0001*" >/dev/null; then
      caught=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  if ((caught == 0)); then
    fail "killed_$signal: make-checkpoint was not caught writing (exit $status)"
  elif compgen -G "$out/.killed_$signal.tmp.*" >/dev/null || [[ -e "$target" ]]; then
    fail "killed_$signal: left $(ls -a "$out" | grep "killed_$signal" | tr '\n' ' ')"
  elif ((status != 128 + $(kill -l "$signal"))); then
    fail "killed_$signal: exit $status, expected $((128 + $(kill -l "$signal"))): $(cat "$out/killed_$signal.log")"
  else
    echo "ok: killed_$signal"
  fi
done

# 9. Names that are terminal escapes, NULs, Markdown: escaped in text and
# Markdown, exact in JSON and textproto, and every finding listed (a NUL
# must not end the text report).
d=$(copy escapes)
header='{"\u0000":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"\n\u001b[32mall clean":{"dtype":"U8","shape":[1],"data_offsets":[1,2]},"a`b ![x](http://e)|c":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}'
length=${#header}
{
  printf "$(printf '\\x%02x' $((length & 255)) $(((length >> 8) & 255)))"
  printf '\0\0\0\0\0\0%s\0\0\0' "$header"
} >"$d/model-00003-of-00003.safetensors"
for format in text markdown json textproto; do
  run "escapes_$format" 1 "index-shard-mismatch" \
    "$weightwalk" check "$d" --output="$format"
  log="$out/escapes_$format.log"
  if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$log"; then
    fail "escapes_$format: a raw control byte reached the output"
  fi
done
grep -qF '\x00' "$out/escapes_text.log" || fail "escapes_text: the NUL name is not shown as \\x00"
grep -qF '\n\x1b[32mall clean' "$out/escapes_text.log" || fail "escapes_text: the ANSI name is not escaped"
grep -qF '``a`b ![x](http://e)\|c``' "$out/escapes_markdown.log" || fail "escapes_markdown: the backtick name is not in a safe code span"
grep -qF '"\n\u001b[32mall clean"' "$out/escapes_json.log" || fail "escapes_json: the name is not exact"
grep -qF '"\000"' "$out/escapes_textproto.log" || fail "escapes_textproto: the NUL name is not exact"
[[ $(grep -c '^error: index-shard-mismatch' "$out/escapes_text.log") -eq 3 ]] ||
  fail "escapes_text: not every finding is listed"

echo "$cases cases, $failures failures"
[[ $failures -eq 0 ]]
