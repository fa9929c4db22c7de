#include "checkpoint/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace weightwalk {
namespace {

std::string TempFile(const std::string& name, const std::string& contents) {
  const char* root = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(root ? root : "/tmp") + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(MappedFileTest, MapsRegularFilesAndNothingElse) {
  const std::string contents(3 * 4096 + 5, 'x');
  const std::string path = TempFile("mapped.json", contents);
  {
    MappedFile mapped(path);
    ASSERT_TRUE(mapped.ok());
    EXPECT_EQ(mapped.text(), contents);
    // Released pages come back from the page cache when read again.
    mapped.ReleaseBefore(mapped.text().data() + 2 * 4096 + 7);
    EXPECT_EQ(mapped.text(), contents);
  }
  EXPECT_FALSE(MappedFile(path + ".missing").ok());
  EXPECT_FALSE(MappedFile(TempFile("empty.json", "")).ok());
  EXPECT_FALSE(MappedFile(std::getenv("TEST_TMPDIR")
                              ? std::getenv("TEST_TMPDIR")
                              : "/tmp")
                   .ok());
}

// A file cut short in place while mapped: bad input (exit 2) naming the
// file, not a crash.
TEST(MappedFileDeathTest, AFileThatShrinksIsBadInputNotACrash) {
  const std::string path = TempFile("shrinks.json", std::string(5 * 4096, 'y'));
  EXPECT_EXIT(
      {
        MappedFile mapped(path);
        if (!mapped.ok()) std::exit(3);
        if (truncate(path.c_str(), 0) != 0) std::exit(4);
        volatile char last = mapped.text()[4 * 4096 + 1];
        static_cast<void>(last);
        std::exit(5);
      },
      ::testing::ExitedWithCode(2),
      "shrinks\\.json: the file shrank while it was being read");
}

// A bus error elsewhere keeps its default action.
TEST(MappedFileDeathTest, OtherBusErrorsAreNotTakenForIt) {
  const std::string path = TempFile("steady.json", std::string(4096, 'z'));
  const std::string other = TempFile("other.json", std::string(2 * 4096, 'w'));
  EXPECT_EXIT(
      {
        MappedFile mapped(path);
        const int fd = open(other.c_str(), O_RDONLY);
        char* elsewhere = static_cast<char*>(
            mmap(nullptr, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0));
        if (truncate(other.c_str(), 0) != 0) std::exit(4);
        volatile char last = elsewhere[4096 + 1];
        static_cast<void>(last);
        std::exit(5);
      },
      ::testing::KilledBySignal(SIGBUS), "");
}

}  // namespace
}  // namespace weightwalk
