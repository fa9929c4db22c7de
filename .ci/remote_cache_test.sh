#!/usr/bin/env bash
# The shared cache for real, and determinism across output bases.
#
#   bash .ci/remote_cache_test.sh   (run by .ci/run, after the main build)
#
# 1. Starts a Bazel HTTP cache on loopback: nginx from Debian, configured by
#    .ci/remote_cache/nginx.conf.in, on a free port, in a temporary folder,
#    stopped on exit.
# 2. Clones this repository twice, into two other folders. Clone A builds
#    //coverage/... from nothing in its own output base with
#    --config=remote-cache (uploading every result); its generation actions
#    run under a Turkish locale (LC_ALL=tr_TR.UTF-8, compiled here with
#    localedef) and with address-space randomisation off (setarch -R), so
#    absl's per-process hash seed differs from this workspace's build.
# 3. Determinism: the manifests clone A generated must be byte-identical
#    (same SHA-256) to the ones this workspace generated (another output
#    base, another folder, the C locale, randomised addresses).
# 4. Clone B builds //coverage/... with the cache in a third output base; its
#    execution log must show every spawn answered by the remote cache: no
#    generation, diff or compile action ran locally. The hit counts are
#    printed.
#
# Prints PASS:/FAIL: lines for .ci/run and exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
work=$(mktemp -d)
status=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; status=1; }

cleanup() {
  for clone in a b; do
    if [[ -d "$work/$clone" ]]; then
      (cd "$work/$clone" && ./bazelw --output_base="$work/base_$clone" shutdown) \
        >/dev/null 2>&1
    fi
  done
  [[ -f "$work/nginx/nginx.pid" ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
  chmod -R u+w "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# --- 1. the cache server
if ! command -v nginx >/dev/null 2>&1 && ! [[ -x /usr/sbin/nginx ]]; then
  echo "installing nginx-core (Debian) for the cache server" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends nginx-core >/dev/null
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/cache"
sed -e "s|@DIR@|$work/nginx|g" -e "s|@PORT@|$port|g" \
  -e "s|@USER@|$(id -un)|g" -e "s|@GROUP@|$(id -gn)|g" \
  .ci/remote_cache/nginx.conf.in >"$work/nginx/nginx.conf"
if ! "$nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"; then
  fail "nginx did not start: $(cat "$work/nginx/error.log")"
  exit 1
fi
cache="http://127.0.0.1:$port"
for _ in $(seq 50); do
  curl -s -o /dev/null "$cache/" && break
  sleep 0.1
done
if curl -sf -X PUT --data-binary probe "$cache/cas/probe" &&
   [[ "$(curl -sf "$cache/cas/probe")" == probe ]]; then
  echo "cache server: nginx on $cache (PUT and GET work)"
else
  fail "the cache server does not store what is PUT"
  exit 1
fi

# --- the locale for clone A's actions
localedef_dir="$work/locales"
mkdir -p "$localedef_dir"
locale_env=()
if localedef -i tr_TR -f UTF-8 "$localedef_dir/tr_TR.UTF-8" >/dev/null 2>&1; then
  locale_env=(--action_env=LOCPATH="$localedef_dir" --action_env=LC_ALL=tr_TR.UTF-8)
else
  echo "note: localedef could not build tr_TR.UTF-8 (Debian's locales package); using C.UTF-8"
  locale_env=(--action_env=LC_ALL=C.UTF-8)
fi

build_clone() {  # name, command prefix (array name), extra flags...
  local clone=$1
  local -n prefix=$2
  shift 2
  git clone -q "$repo" "$work/$clone"
  # The prefix applies to the Bazel server too, which the client starts.
  (cd "$work/$clone" &&
    WEIGHTWALK_REMOTE_CACHE="$cache" "${prefix[@]}" ./bazelw --output_base="$work/base_$clone" \
      build //coverage/... --config=remote-cache \
      --execution_log_json_file="$work/$clone.exec.json" "$@") \
    >"$work/$clone.log" 2>&1
}

# The manifests and the rule reports of every fixture.
manifest_digests() {  # bazel-bin folder -> "sha256  name" lines, sorted
  (cd "$1/coverage" && sha256sum -- *.textproto) | sort -k2
}

# --- 2. clone A: a build from nothing that fills the cache
echo "clone A: building //coverage/... from nothing, uploading to the cache"
norandom=(env)
if setarch "$(uname -m)" -R true 2>/dev/null; then norandom=(setarch "$(uname -m)" -R); fi
if ! build_clone a norandom "${locale_env[@]}"; then
  tail -30 "$work/a.log"
  fail "clone A's build"
  exit 1
fi
grep -E '^INFO: [0-9]+ processes' "$work/a.log"

# --- 3. determinism: this workspace's manifests against clone A's
./bazelw build //coverage/... >/dev/null 2>&1
here=$(manifest_digests "$(./bazelw info bazel-bin 2>/dev/null)")
there=$(manifest_digests "$(cd "$work/a" && ./bazelw --output_base="$work/base_a" info bazel-bin 2>/dev/null)")
count=$(echo "$here" | wc -l)
if [[ "$here" == "$there" && $count -gt 40 ]]; then
  pass "determinism: $count manifests and reports byte-identical across two output bases, locales and hash seeds"
else
  diff <(echo "$here") <(echo "$there") | head -20
  fail "determinism: the manifests differ between output bases ($count here)"
fi

# --- 4. clone B: everything from the cache
echo "clone B: building //coverage/... in a new output base from the cache"
plain=(env)
if ! build_clone b plain "${locale_env[@]}"; then
  tail -30 "$work/b.log"
  fail "clone B's build"
  exit 1
fi
grep -E '^INFO: [0-9]+ processes' "$work/b.log"
summary=$(python3 - "$work/b.exec.json" <<'PY'
import json, sys, collections
text = open(sys.argv[1]).read()
decoder = json.JSONDecoder()
spawns, pos = [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    spawn, pos = decoder.raw_decode(text, pos)
    spawns.append(spawn)
hits = collections.Counter(s.get("mnemonic", "?") for s in spawns if s.get("remoteCacheHit"))
misses = collections.Counter(s.get("mnemonic", "?") for s in spawns if not s.get("remoteCacheHit"))
print("hits", sum(hits.values()), "misses", sum(misses.values()))
print("hit by mnemonic:", ", ".join(f"{k} {v}" for k, v in sorted(hits.items())))
if misses:
    print("ran locally:", ", ".join(f"{k} {v}" for k, v in sorted(misses.items())))
PY
)
echo "$summary"
read -r _ hits _ misses <<<"$(head -1 <<<"$summary")"
if [[ "$misses" == 0 && "$hits" -gt 0 ]]; then
  pass "remote cache: clone B ran no action locally ($hits remote cache hits)"
else
  fail "remote cache: clone B ran $misses actions locally ($hits hits)"
fi
there_b=$(manifest_digests "$(cd "$work/b" && ./bazelw --output_base="$work/base_b" info bazel-bin 2>/dev/null)")
[[ "$here" == "$there_b" ]] || fail "clone B's manifests differ from this workspace's"
exit $status
