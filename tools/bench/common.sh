# shellcheck shell=bash
# Shared by side_by_side.sh and scaling.sh (sourced).

# [WORKDIR]: moves to the repository root, sets $work to WORKDIR (relative
# to the root; a new temporary folder when not given) and creates it,
# installs hyperfine (Debian) when missing, builds weightwalk with -c opt
# and sets $weightwalk to the binary.
bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.." || return 1
  work="${1:-$(mktemp -d)}"
  mkdir -p "$work"
  if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
  fi
  ./bazelw build -c opt //tools:weightwalk >&2
  weightwalk="$(./bazelw info -c opt bazel-bin 2>/dev/null)/tools/weightwalk"
}

# FIXTURE OUT INDEX_ONLY: the fixture's header-only checkpoint in OUT (kept
# when it exists) and a copy of its config.json and index in INDEX_ONLY.
bench_checkpoint() {
  if [[ ! -d "$2" ]]; then
    "$weightwalk" make-checkpoint --fixture="$1" "$2" >&2
  fi
  mkdir -p "$3"
  cp "$2/config.json" "$2/model.safetensors.index.json" "$3/"
}

# DIR: how many names DIR's weight-map index has.
bench_names() {
  python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['weight_map']))" \
    "$1/model.safetensors.index.json"
}

# COMMAND...: its peak RSS in kB (/usr/bin/time), the median of 5 runs (huge
# pages make single runs vary by a few MB), its output discarded.
bench_peak_rss_kb() {
  local _
  for _ in 1 2 3 4 5; do
    { /usr/bin/time -f '%M' "$@" >/dev/null; } 2>&1 | tail -1
  done | sort -n | sed -n 3p
}
