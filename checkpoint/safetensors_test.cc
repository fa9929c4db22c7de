#include "checkpoint/safetensors.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkpoint/index_listing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

std::string Message(const std::string& header, uint64_t data_size) {
  absl::StatusOr<std::vector<CheckpointTensor>> tensors =
      ParseSafetensorsHeader(header, data_size, "m.safetensors");
  EXPECT_FALSE(tensors.ok());
  return std::string(tensors.status().message());
}

TEST(SafetensorsTest, ReadsAValidHeader) {
  absl::StatusOr<std::vector<CheckpointTensor>> tensors =
      ParseSafetensorsHeader(
          R"({"__metadata__": {"format": "pt"},
          "b": {"dtype": "F32", "shape": [2], "data_offsets": [12, 20]},
          "a": {"dtype": "BF16", "shape": [2, 3], "data_offsets": [0, 12]}})",
          20, "dir/m.safetensors");
  ASSERT_TRUE(tensors.ok()) << tensors.status();
  ASSERT_EQ(tensors->size(), 2u);
  EXPECT_EQ((*tensors)[0].name(), "b");
  EXPECT_EQ((*tensors)[1].dtype(), DTYPE_BF16);
  EXPECT_THAT((*tensors)[1].shape(), ::testing::ElementsAre(2, 3));
  EXPECT_EQ((*tensors)[1].shard(), "m.safetensors");
}

TEST(SafetensorsTest, RejectsInconsistentHeaders) {
  EXPECT_THAT(
      Message(R"({"a": {"dtype": "Q4", "shape": [1], "data_offsets": [0, 1]}})",
              1),
      HasSubstr("tensor \"a\" has unknown dtype \"Q4\""));
  EXPECT_THAT(
      Message(
          R"({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})",
          8),
      HasSubstr("tensor \"a\": 8 bytes, but its shape and dtype F32 need 12"));
  EXPECT_THAT(
      Message(R"({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]},
                          "b": {"dtype": "U8", "shape": [4], "data_offsets": [2, 6]}})",
              6),
      HasSubstr("tensor \"b\" starts at data byte 2 but the previous tensor "
                "ends at 4 (overlap)"));
  EXPECT_THAT(
      Message(R"({"a": {"dtype": "U8", "shape": [4], "data_offsets": [1, 5]}})",
              5),
      HasSubstr(
          "starts at data byte 1 but the previous tensor ends at 0 (gap)"));
  EXPECT_THAT(
      Message(R"({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}})",
              9),
      HasSubstr("the tensors cover 4 bytes of 9 bytes of data"));
  EXPECT_THAT(
      Message(
          R"({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 40]}})",
          4),
      HasSubstr("data_offsets [0, 40] are outside the data (4 bytes)"));
  EXPECT_THAT(
      Message(
          R"({"a": {"dtype": "U8", "shape": [-4], "data_offsets": [0, 4]}})",
          4),
      HasSubstr("dimension 0 of tensor \"a\" must be a non-negative integer, "
                "got -4"));
  EXPECT_THAT(
      Message(R"({"__metadata__": {"n": 3}})", 0),
      HasSubstr("__metadata__ value of \"n\" must be a string, got a number"));
  EXPECT_THAT(
      Message(
          R"({"a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1], "x": 1}})",
          1),
      HasSubstr("tensor \"a\" has an unknown field \"x\""));
  EXPECT_THAT(
      Message(
          R"({"a": {"dtype": "F64", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}})",
          8),
      HasSubstr("need more than 2^61"));
  EXPECT_THAT(Message("{\"a\": 1, \"a\": 2}", 0),
              HasSubstr("duplicate key \"a\""));
}

// Every dtype of the safetensors format (its Dtype enum, 0.6: sub-byte
// floats included), with its width; anything else is refused.
TEST(SafetensorsTest, EveryDtypeOfTheFormatWithItsWidth) {
  const std::vector<std::pair<std::string, int>> dtypes = {
      {"BOOL", 8}, {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
      {"I8", 8},   {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"I16", 16},
      {"U16", 16}, {"F16", 16},    {"BF16", 16},   {"I32", 32},    {"U32", 32},
      {"F32", 32}, {"C64", 64},    {"F64", 64},    {"I64", 64},    {"U64", 64}};
  for (const auto& [name, bits] : dtypes) {
    SCOPED_TRACE(name);
    const Dtype dtype = ParseDtype(name);
    ASSERT_NE(dtype, DTYPE_UNKNOWN);
    EXPECT_EQ(DtypeName(dtype), name);
    EXPECT_EQ(DtypeBits(dtype), bits);
    // 16 elements: a whole number of bytes for every width.
    const std::string header = absl::StrCat(
        R"({"a": {"dtype": ")", name,
        R"(", "shape": [4, 4], "data_offsets": [0, )", 16 * bits / 8, "]}}");
    const absl::StatusOr<std::vector<CheckpointTensor>> tensors =
        ParseSafetensorsHeaderStrict(header, 16 * bits / 8, "m.safetensors");
    ASSERT_TRUE(tensors.ok()) << tensors.status();
    EXPECT_EQ((*tensors)[0].dtype(), dtype);
  }
  EXPECT_EQ(dtypes.size() + 1, static_cast<size_t>(Dtype_ARRAYSIZE));
  for (const char* unknown : {"F8_E4M3FNUZ", "Q4", "f32", "", "INT4"}) {
    EXPECT_EQ(ParseDtype(unknown), DTYPE_UNKNOWN) << unknown;
  }
  // Sub-byte elements must fill whole bytes: 3 F4 elements are 12 bits.
  EXPECT_THAT(
      Message(R"({"a": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}})",
              2),
      HasSubstr("tensor \"a\": 2 bytes, but its shape and dtype F4 need 12 "
                "bits, not a whole number of bytes"));
  EXPECT_TRUE(
      ParseSafetensorsHeader(
          R"({"a": {"dtype": "F6_E2M3", "shape": [4], "data_offsets": [0, 3]}})",
          3, "m.safetensors")
          .ok());
}

// The fast tier (simdjson) must accept exactly what the strict tier
// accepts and return the same tensors; each case is one the two JSON
// parsers or the two sets of checks could disagree on.
TEST(SafetensorsTest, BothTiersAgree) {
  const std::string u8 = R"("dtype": "U8", "shape": [2], "data_offsets": )";
  for (
      const auto& [header, data_size] :
      std::vector<std::pair<std::string, uint64_t>>{
          {R"({"__metadata__": {"format": "pt"}, "b": {)" + u8 +
               R"([2, 4]}, "a": {)" + u8 + "[0, 2]}}",
           4},
          {"{}", 0},
          {"{}", 1},
          {R"({"__metadata__": {}})", 0},
          {R"({"__metadata__": {"a": "x", "a": "y"}})", 0},
          {R"({"__metadata__": []})", 0},
          {R"({"__metadata__": {"a": null}})", 0},
          {R"({"a": {)" + u8 + R"([0, 2]}, "a": {)" + u8 + "[0, 2]}}", 2},
          {R"({"b": {)" + u8 + R"([0, 2]}, "a": {)" + u8 + "[0, 2]}}", 2},
          {R"({"a": {"dtype": "U8", "dtype": "U8", "shape": [2], "data_offsets": [0, 2]}})",
           2},
          {R"({"a": {"dtype": "U8", "shape": [2]}})", 2},
          {R"({"a": {"dtype": "U8", "shape": [0]}})", 0},
          {R"({"a": {"dtype": "U8", "data_offsets": [0, 1]}})", 1},
          {R"({"a": {"shape": [1], "data_offsets": [0, 1]}})", 1},
          {R"({"a": {"dtype": "U8", "shape": [1], "shape": [1], "data_offsets": [0, 1]}})",
           1},
          {R"({"a": {"dtype": 8, "shape": [2], "data_offsets": [0, 2]}})", 2},
          {R"({"a": {"dtype": "U8", "shape": 2, "data_offsets": [0, 2]}})", 2},
          {R"({"a": {"dtype": "U8", "shape": [2.0], "data_offsets": [0, 2]}})",
           2},
          {R"({"a": {"dtype": "U8", "shape": [-0], "data_offsets": [0, 0]}})",
           0},
          {R"({"a": {"dtype": "U8", "shape": [2e0], "data_offsets": [0, 2]}})",
           2},
          {R"({"a": {"dtype": "U8", "shape": [], "data_offsets": [0, 1]}})", 1},
          {R"({"a": {"dtype": "U8", "shape": [18446744073709551615], "data_offsets": [0, 2]}})",
           2},
          {R"({"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2, 4]}})",
           4},
          {R"({"a": {"dtype": "U8", "shape": [2], "data_offsets": [2, 0]}})",
           2},
          {R"({"a": {"dtype": "F64", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}})",
           8},
          {R"({"a": {)" + u8 + R"([0, 2]}, "b": {)" + u8 + "[1, 3]}}", 3},
          {"\xEF\xBB\xBF{}", 0},
          {"{} x", 0},
          {"{\"\xff\": {}}", 0},
          {R"({"a\u00e9": {)" + u8 + "[0, 2]}}", 2},
          {R"({"\ud800": {)" + u8 + "[0, 2]}}", 2},
      }) {
    SCOPED_TRACE(header);
    EXPECT_EQ(HeaderListing(
                  ParseSafetensorsHeader(header, data_size, "m.safetensors")),
              HeaderListing(ParseSafetensorsHeaderStrict(header, data_size,
                                                         "m.safetensors")));
  }
}

// The scanner takes headers as the safetensors library writes them (compact,
// padded with spaces, tensors in any order) and reads them as the strict
// tier does; the BothTiersAgree cases above hold it to the strict tier on
// everything else.
TEST(SafetensorsTest, ScannerTakesWrittenHeadersAndAgreesWithStrict) {
  for (
      const std::string& header : std::vector<std::string>{
          R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]}})"
          "      ",
          R"({"a":{"data_offsets":[0,12],"shape":[2,3],"dtype":"BF16"},"b":{"shape":[],"dtype":"F64","data_offsets":[12,20]}})",
          R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"U8","shape":[20],"data_offsets":[0,20]}})",
      }) {
    SCOPED_TRACE(header);
    const std::optional<std::vector<CheckpointTensor>> scanned =
        ScanSafetensorsHeader(header, 20, "d/m.safetensors");
    ASSERT_TRUE(scanned.has_value());
    EXPECT_EQ(HeaderListing(*scanned),
              HeaderListing(
                  ParseSafetensorsHeaderStrict(header, 20, "d/m.safetensors")));
  }
  // Valid, but outside what it reads: the next tiers take these.
  for (
      const std::string& header : std::vector<std::string>{
          R"({"aé":{"dtype":"U8","shape":[20],"data_offsets":[0,20]}})",
          R"({"__metadata__":{"n":1},"a":{"dtype":"U8","shape":[20],"data_offsets":[0,20]}})",
          R"({"a":{"dtype":"U8","shape":[20.0],"data_offsets":[0,20]}})",
      }) {
    SCOPED_TRACE(header);
    EXPECT_FALSE(ScanSafetensorsHeader(header, 20, "m.safetensors"));
  }
}

std::string TempFile(const std::string& name, const std::string& contents) {
  const char* root = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(root ? root : "/tmp") + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

// name, dtype and shape of each tensor, a line each, or the error.
std::string Listing(const SafetensorsHeader& header) {
  std::string text;
  for (const HeaderTensor& tensor : header.tensors()) {
    absl::StrAppend(&text, tensor.name, " ", DtypeName(tensor.dtype), " [",
                    absl::StrJoin(tensor.shape, ","), "]\n");
  }
  return text;
}
std::string Listing(const absl::StatusOr<SafetensorsHeader>& header) {
  return header.ok() ? Listing(*header) : header.status().ToString();
}
std::string Listing(const absl::StatusOr<std::vector<CheckpointTensor>>& read) {
  if (!read.ok()) return read.status().ToString();
  std::string text;
  for (const CheckpointTensor& tensor : *read) {
    absl::StrAppend(&text, tensor.name(), " ", DtypeName(tensor.dtype()), " [",
                    absl::StrJoin(tensor.shape(), ","), "]\n");
  }
  return text;
}

std::string Length(uint64_t n) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return bytes;
}

TEST(SafetensorsTest, FileLevelChecks) {
  const std::string header =
      R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})";
  absl::StatusOr<std::vector<CheckpointTensor>> ok = ReadSafetensorsHeader(
      TempFile("ok.safetensors", Length(header.size()) + header + "xy"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)[0].name(), "a");

  EXPECT_THAT(
      std::string(
          ReadSafetensorsHeader(TempFile("short", "abc")).status().message()),
      HasSubstr("byte 0: truncated: 3 bytes"));
  EXPECT_THAT(std::string(ReadSafetensorsHeader(
                              TempFile("huge", Length(200000000) + "{}"))
                              .status()
                              .message()),
              HasSubstr("header length 200000000 is over weightwalk's limit of "
                        "16777216 bytes (16 MiB)"));
  EXPECT_THAT(
      std::string(ReadSafetensorsHeader(TempFile("past", Length(50) + "{}"))
                      .status()
                      .message()),
      HasSubstr("header length 50 runs past the end of the 10-byte file"));
  EXPECT_THAT(std::string(ReadSafetensorsHeader(
                              TempFile("overflow", Length(UINT64_MAX) + "{}"))
                              .status()
                              .message()),
              HasSubstr("is over weightwalk's limit of 16777216 bytes"));
}

// A header read from its file, short or long, is the same header as when
// parsed from memory; a directory is not a shard.
TEST(SafetensorsTest, HeadersOfAnyLengthAreReadWhole) {
  for (const size_t header_bytes : {size_t{64 * 1024}, size_t{64 * 1024 - 1},
                                    size_t{64 * 1024 + 1}, size_t{300000}}) {
    SCOPED_TRACE(header_bytes);
    std::string header = "{";
    int tensors = 0;
    while (header.size() + 100 < header_bytes) {
      header +=
          absl::StrCat("\"model", header_bytes, ".layers.", tensors,
                       R"(.weight":{"dtype":"U8","shape":[1],)",
                       R"("data_offsets":[)", tensors, ",", tensors + 1, "]},");
      ++tensors;
    }
    header.back() = '}';
    header.append(header_bytes - header.size(), ' ');  // trailing spaces pad
    ASSERT_EQ(header.size(), header_bytes);
    const std::string path =
        TempFile("long.safetensors",
                 Length(header.size()) + header + std::string(tensors, 'x'));
    absl::StatusOr<std::vector<CheckpointTensor>> read =
        ReadSafetensorsHeader(path);
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_EQ(read->size(), static_cast<size_t>(tensors));
    EXPECT_EQ(HeaderListing(*read),
              HeaderListing(*ParseSafetensorsHeader(header, tensors, path)));
    EXPECT_EQ(Listing(ReadSafetensorsHeaderTensors(path)), Listing(read));
  }
  EXPECT_THAT(
      std::string(
          ReadSafetensorsHeader(::testing::TempDir()).status().message()),
      HasSubstr("not a regular file"));
}

// ReadSafetensorsHeaderTensors reads what ReadSafetensorsHeader reads, from
// every tier, and fails where it fails, with the same message; its names
// stay valid when the header is moved.
TEST(SafetensorsTest, HeaderTensorsAreTheHeadersTensors) {
  const std::vector<std::string> headers = {
      // Written by the safetensors library: the scanner reads it.
      R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]}})",
      // An escape and a scalar: simdjson reads it.
      R"({"\u0061": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},
          "b": {"dtype": "U8", "shape": [1, 2, 3, 2, 1], "data_offsets": [8, 20]}})",
      // Rejected, by the strict tier.
      R"({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 20]}})",
  };
  for (size_t i = 0; i < headers.size(); ++i) {
    SCOPED_TRACE(headers[i]);
    const std::string path =
        TempFile(absl::StrCat("tiers", i, ".safetensors"),
                 Length(headers[i].size()) + headers[i] + std::string(20, 'x'));
    const absl::StatusOr<std::vector<CheckpointTensor>> expected =
        ReadSafetensorsHeader(path);
    absl::StatusOr<SafetensorsHeader> read = ReadSafetensorsHeaderTensors(path);
    // The last header is the rejected one.
    ASSERT_EQ(expected.ok(), i + 1 < headers.size()) << expected.status();
    if (!expected.ok()) {
      EXPECT_EQ(read.status(), expected.status());
      continue;
    }
    ASSERT_TRUE(read.ok()) << read.status();
    const SafetensorsHeader moved = *std::move(read);
    EXPECT_EQ(Listing(moved), Listing(expected));
    EXPECT_EQ(moved.tensors().size(), 2u);
  }
  EXPECT_EQ(ReadSafetensorsHeaderTensors(::testing::TempDir()).status(),
            ReadSafetensorsHeader(::testing::TempDir()).status());
}

}  // namespace
}  // namespace weightwalk
