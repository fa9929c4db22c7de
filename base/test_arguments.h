// The arguments a test binary was given after its name, gtest's own flags
// removed: how a BUILD file hands a test a list it owns, such as the
// bundled fixtures (FIXTURES in fixtures/fixtures.bzl), so that the test
// does not repeat it.
//
//   cc_test(
//       name = "round_trip_test",
//       args = [name for name, f in FIXTURES.items() if f.format],
//       ...
//   )
//
//   for (const std::string& name : TestArguments()) { ... }
#ifndef WEIGHTWALK_BASE_TEST_ARGUMENTS_H_
#define WEIGHTWALK_BASE_TEST_ARGUMENTS_H_

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace weightwalk {

inline std::vector<std::string> TestArguments() {
  const std::vector<std::string> argv = ::testing::internal::GetArgvs();
  if (argv.empty()) return {};
  return {argv.begin() + 1, argv.end()};
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_TEST_ARGUMENTS_H_
