// Mutation tests over every real format: for each fixture with a checkpoint
// format, take the manifests its coverage test reads and
//   * drop each leaf in turn: the rules must report exactly
//     unconverted-parameter for what that leaf consumed (a tied group only
//     when no other member is converted), and nothing else;
//   * add a copy of each leaf whose input names a parameter the model does
//     not have: the rules must report exactly that phantom-parameter.
#include <filesystem>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/textproto.h"
#include "converters/converter_manifest.pb.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

struct Fixture {
  std::string name;
  ParameterManifest parameters;
  ConverterManifest converters;
};

// Every fixture whose converter manifest is in the runfiles.
std::vector<Fixture> LoadFixtures() {
  std::vector<Fixture> fixtures;
  for (const auto& entry : std::filesystem::directory_iterator("coverage")) {
    const std::string path = entry.path().string();
    const std::string suffix = ".converters.textproto";
    if (path.size() < suffix.size() ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    Fixture fixture;
    fixture.name = entry.path().filename().string();
    fixture.name.resize(fixture.name.size() - suffix.size());
    if (fixture.name == "broken_llama") continue;
    EXPECT_TRUE(ReadTextProto(path, &fixture.converters).ok()) << path;
    EXPECT_TRUE(ReadTextProto(absl::StrCat("coverage/", fixture.name,
                                           ".parameters.textproto"),
                              &fixture.parameters)
                    .ok());
    fixtures.push_back(std::move(fixture));
  }
  return fixtures;
}

// "rule: subject,subject" per finding.
std::vector<std::string> Findings(const ParameterManifest& parameters,
                                  const ConverterManifest& converters) {
  std::vector<std::string> findings;
  const CoverageReport report =
      RunRules(CoverageContext(parameters, converters));
  for (const Finding& finding : report.findings()) {
    findings.push_back(absl::StrCat(finding.rule(), ": ",
                                    absl::StrJoin(finding.subjects(), ",")));
  }
  return findings;
}

TEST(MutationTest, EveryFormatFixtureIsCoveredAndClean) {
  const std::vector<Fixture> fixtures = LoadFixtures();
  // 22 of the 25 fixtures have a checkpoint format (spec §4.2).
  ASSERT_EQ(fixtures.size(), 22u);
  for (const Fixture& fixture : fixtures) {
    EXPECT_THAT(Findings(fixture.parameters, fixture.converters),
                ::testing::IsEmpty())
        << fixture.name;
  }
}

TEST(MutationTest, DroppingAnyLeafIsReportedExactly) {
  int mutations = 0;
  for (const Fixture& fixture : LoadFixtures()) {
    const CoverageContext original(fixture.parameters, fixture.converters);
    for (int dropped = 0; dropped < fixture.converters.converters_size();
         ++dropped) {
      SCOPED_TRACE(absl::StrCat(fixture.name, ": dropping leaf ", dropped));
      ConverterManifest mutated = fixture.converters;
      mutated.mutable_converters()->DeleteSubrange(dropped, 1);

      // What the dropped leaf leaves unconverted: each input, or its whole
      // tied group when no other member is converted any more.
      std::vector<std::string> expected;
      absl::flat_hash_set<std::string> groups;
      for (const Tensor& input :
           fixture.converters.converters(dropped).fast_llm()) {
        const Parameter* parameter = original.FindParameter(input.name());
        ASSERT_NE(parameter, nullptr);
        if (parameter->tied_group().empty()) {
          expected.push_back("unconverted-parameter: " + input.name());
          continue;
        }
        std::vector<std::string> members;
        bool still_converted = false;
        for (const Parameter* member :
             original.TiedGroup(parameter->tied_group())) {
          members.push_back(member->name());
          for (int consumer : original.ConsumersOf(member->name())) {
            still_converted = still_converted || consumer != dropped;
          }
        }
        std::sort(members.begin(), members.end());
        if (!still_converted && groups.insert(parameter->tied_group()).second) {
          expected.push_back("unconverted-parameter: " +
                             absl::StrJoin(members, ","));
        }
      }
      EXPECT_THAT(Findings(fixture.parameters, mutated),
                  UnorderedElementsAreArray(expected));
      ++mutations;
    }
  }
  EXPECT_GT(mutations, 500);
}

TEST(MutationTest, AddingAPhantomLeafIsReportedExactly) {
  int mutations = 0;
  for (const Fixture& fixture : LoadFixtures()) {
    for (int copied = 0; copied < fixture.converters.converters_size();
         ++copied) {
      SCOPED_TRACE(absl::StrCat(fixture.name, ": copying leaf ", copied));
      ConverterManifest mutated = fixture.converters;
      WeightConverter* phantom = mutated.add_converters();
      *phantom = fixture.converters.converters(copied);
      // A misspelt layer name, the typical hand-written-table mistake.
      const std::string name =
          absl::StrCat(phantom->fast_llm(0).name(), "_typo");
      phantom->mutable_fast_llm(0)->set_name(name);
      for (Tensor& output : *phantom->mutable_checkpoint()) {
        output.set_name(output.name() + "_typo");
      }
      EXPECT_THAT(Findings(fixture.parameters, mutated),
                  ElementsAre("phantom-parameter: " + name));
      ++mutations;
    }
  }
  EXPECT_GT(mutations, 500);
}

}  // namespace
}  // namespace weightwalk
