#!/usr/bin/env bash
# Writes every file a new coverage rule needs, in the style of clang-tidy's
# add_new_check.py:
#
#   tools/new_rule.sh ID [--severity=ERROR|WARNING]
#   tools/new_rule.sh duplicate-shard-name
#
# writes coverage/<id_with_underscores>.{h,cc} (the rule, its documentation
# fields and an empty check), its test, and its two cases under
# coverage/testdata/rules/ID/ (`fires`, whose expected finding is a
# placeholder, and `silent`), and adds it to RULES in coverage/BUILD.bazel
# and to the registry (coverage/registry.cc), both kept sorted. Everything
# builds; the rule's test and //coverage:rule_cases_test fail until the
# check, its test and the `fires` case are written. Then regenerate the
# documentation: ./bazelw run //docs:rules.update.
#
# Exit status: 0 written, 2 bad arguments (nothing is written).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: tools/new_rule.sh ID [--severity=ERROR|WARNING]" >&2
  exit 2
}
id="" severity=ERROR
for argument in "$@"; do
  case "$argument" in
    --severity=ERROR | --severity=WARNING) severity=${argument#--severity=} ;;
    -*) usage ;;
    *) [[ -z "$id" ]] || usage; id=$argument ;;
  esac
done
[[ -n "$id" ]] || usage
if [[ ! "$id" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]]; then
  echo "new_rule: \"$id\" is not a rule id: kebab-case, e.g. duplicate-shard-name" >&2
  exit 2
fi
stem=${id//-/_}
if [[ -e "coverage/$stem.cc" || -e "coverage/testdata/rules/$id" ]]; then
  echo "new_rule: coverage/$stem.cc or coverage/testdata/rules/$id exists" >&2
  exit 2
fi
# duplicate-shard-name -> kDuplicateShardName, DUPLICATE_SHARD_NAME.
constant=k$(sed -E 's/(^|_)([a-z0-9])/\U\2/g' <<<"$stem")
camel=${constant#k}
upper=${stem^^}

cat >"coverage/$stem.h" <<EOF
// The $id rule, documented where it is written
// ($stem.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_${upper}_H_
#define WEIGHTWALK_COVERAGE_${upper}_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule $constant;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_${upper}_H_
EOF

cat >"coverage/$stem.cc" <<EOF
#include "coverage/$stem.h"

namespace weightwalk {
namespace {

// Reports each problem with sink.Report({subjects}, [&] { return message; }),
// the message saying what is wrong and what to do (coverage/rule.h). The
// context (coverage/context.h) holds both manifests, a checkpoint's when
// there is one, and indexes over them.
void Check(const CoverageContext& context, FindingSink& sink) {
  (void)context;
  (void)sink;
}

}  // namespace

const Rule $constant = {
    /*id=*/"$id",
    /*severity=*/$severity,
    /*summary=*/"(one line, lower case: what $id finds)",
    /*why=*/"(what goes wrong on export or import when it is there)",
    /*fix=*/"(how to fix what it finds)",
    /*check=*/&Check};

}  // namespace weightwalk
EOF

cat >"coverage/${stem}_test.cc" <<EOF
#include "coverage/$stem.h"

#include "coverage/rule_testing.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

constexpr char kParameters[] = R"pb(
  parameters {
    name: "decoder.0.mixer.query.weight"
    shape: [ 4, 4 ]
  }
)pb";

constexpr char kConverters[] = R"pb(
  format: "llama"
  converters {
    fast_llm { name: "decoder.0.mixer.query.weight" shape: [ 4, 4 ] }
    checkpoint { name: "model.layers.0.self_attn.q_proj.weight" }
    transform: RENAME
  }
)pb";

// Replace with manifests where $id fires, and the exact message it gives.
TEST(${camel}Test, Fires) {
  const std::vector<Finding> findings =
      RunRuleOnText($constant, kParameters, kConverters);
  EXPECT_FALSE(findings.empty())
      << "coverage/${stem}_test.cc: write the manifests where $id fires";
}

TEST(${camel}Test, SilentOnACleanPair) {
  EXPECT_TRUE(RunRuleOnText($constant, kParameters, kConverters).empty());
}

}  // namespace
}  // namespace weightwalk
EOF

cases="coverage/testdata/rules/$id"
mkdir -p "$cases/fires" "$cases/silent"
for case in fires silent; do
  cat >"$cases/$case/parameters.textproto" <<'EOF'
# proto-file: model/parameter_manifest.proto
# proto-message: weightwalk.ParameterManifest
fixture: "case"
parameters { name: "decoder.0.mixer.query.weight" shape: [8, 8] }
EOF
  cat >"$cases/$case/converters.textproto" <<'EOF'
# proto-file: converters/converter_manifest.proto
# proto-message: weightwalk.ConverterManifest
format: "llama"
converters { fast_llm { name: "decoder.0.mixer.query.weight" shape: [8, 8] } checkpoint { name: "model.layers.0.self_attn.q_proj.weight" shape: [8, 8] } transform: RENAME }
EOF
  cat >"$cases/$case/expected.textproto" <<'EOF'
# proto-file: coverage/finding.proto
# proto-message: weightwalk.CoverageReport
fixture: "case"
format: "llama"
EOF
done
cat >>"$cases/fires/expected.textproto" <<EOF
# Replace: the inputs above with a case where $id fires, and this finding
# with the exact one it gives (the docs show this case as its example).
findings {
  rule: "$id"
  severity: $severity
  subjects: "(the names it is about)"
  message: "(its message)"
}
counts {
  rule: "$id"
  severity: $severity
  findings: 1
  documentation: "docs/RULES.md#$id"
}
EOF

# RULES in coverage/BUILD.bazel and the registry, both kept sorted.
python3 - "$id" "$stem" "$constant" <<'EOF'
import re, sys
rule_id, stem, constant = sys.argv[1:]

path = "coverage/BUILD.bazel"
text = open(path).read()
start = text.index("RULES = [\n") + len("RULES = [\n")
end = text.index("]", start)
names = re.findall(r'"([a-z0-9_]+)"', text[start:end]) + [stem]
text = text[:start] + "".join('    "%s",\n' % n for n in sorted(names)) + text[end:]
open(path, "w").write(text)

path = "coverage/registry.cc"
text = open(path).read()
include = '#include "coverage/%s.h"\n' % stem
lines = text.splitlines(keepends=True)
rule_includes = [i for i, l in enumerate(lines)
                 if l.startswith('#include "coverage/') and l != '#include "coverage/registry.h"\n']
block = sorted(set([lines[i] for i in rule_includes] + [include]))
lines[rule_includes[0]:rule_includes[-1] + 1] = block
text = "".join(lines)
start = text.index("new std::vector<const Rule*>{\n") + len("new std::vector<const Rule*>{\n")
end = text.index("  };", start)
entries = re.findall(r"&(k\w+),", text[start:end])
# Alphabetical by id: kebab-case ids sort as their CamelCase constants do
# only by accident, so sort by the id each constant spells.
def kebab(c):
    return re.sub(r"(?<!^)([A-Z])", r"-\1", c[1:]).lower()
entries = sorted(set(entries + [constant]), key=kebab)
text = text[:start] + "".join("      &%s,\n" % e for e in entries) + text[end:]
open(path, "w").write(text)
EOF

if command -v clang-format >/dev/null 2>&1; then
  clang-format -i "coverage/$stem.h" "coverage/$stem.cc" "coverage/${stem}_test.cc" coverage/registry.cc
fi
echo "new_rule: wrote coverage/$stem.{h,cc}, coverage/${stem}_test.cc and $cases/{fires,silent}/; added $stem to RULES (coverage/BUILD.bazel) and $constant to coverage/registry.cc"
echo "next: write the check and its test; ./bazelw test //coverage:${stem}_test //coverage:rule_cases_test (fail until then); ./bazelw run //docs:rules.update"
