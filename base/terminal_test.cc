#include "base/terminal.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(EscapeForTerminalTest, ControlsAndOverridesBecomeEscapes) {
  EXPECT_EQ(EscapeForTerminal("decoder.0.mixer.query.weight"),
            "decoder.0.mixer.query.weight");
  EXPECT_EQ(EscapeForTerminal(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(EscapeForTerminal("x\n\x1b[32mclean\t\r\x7f"),
            "x\\n\\x1b[32mclean\\t\\r\\x7f");
  EXPECT_EQ(EscapeForTerminal("\xc2\x9b"
                              "2J"),
            "\\u009b2J");  // C1 CSI
  EXPECT_EQ(EscapeForTerminal("a\xe2\x80\xae"
                              "b"),
            "a\\u202eb");  // RLO
  EXPECT_EQ(EscapeForTerminal("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(EscapeForTerminal("caf\xc3\xa9 \xe4\xb8\xad"),
            "caf\xc3\xa9 \xe4\xb8\xad");  // ordinary text stays
}

// Every byte value, alone and after each other: nothing printable to a
// terminal as a control survives.
TEST(EscapeForTerminalTest, NoControlByteSurvivesAnyInput) {
  for (int first = 0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      const std::string input = {static_cast<char>(first),
                                 static_cast<char>(second)};
      const std::string out = EscapeForTerminal(input);
      for (const char c : out) {
        const unsigned char u = static_cast<unsigned char>(c);
        ASSERT_FALSE(u < 0x20 || u == 0x7f) << first << " " << second;
      }
      ASSERT_EQ(out.find("\xc2\x9b"), std::string::npos);
    }
  }
}

TEST(EscapeLinesForTerminalTest, KeepsLineBreaksOnly) {
  EXPECT_EQ(EscapeLinesForTerminal("error: \x1b[2J\nusage: x\n"),
            "error: \\x1b[2J\nusage: x\n");
  EXPECT_EQ(EscapeLinesForTerminal(""), "");
  EXPECT_EQ(EscapeLinesForTerminal("\r\n\n"), "\\r\n\n");
}

TEST(WriteAllTest, WritesPastNuls) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  WriteAll(file, std::string("a\0b\0", 4));
  std::rewind(file);
  char read[8] = {};
  EXPECT_EQ(std::fread(read, 1, sizeof read, file), 4u);
  EXPECT_EQ(std::string(read, 4), std::string("a\0b\0", 4));
  std::fclose(file);
}

}  // namespace
}  // namespace weightwalk
