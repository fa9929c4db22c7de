#include "tools/fuzz/fuzz_files.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace weightwalk {
namespace {

void RemoveScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(FuzzScratchDir(), ignored);
}

std::string MakeScratchDir() {
  struct stat info;
  std::string base = "/dev/shm";
  if (stat(base.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string pattern = base + "/weightwalk-fuzz-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    FuzzInvariantBroken("cannot create a scratch directory under " + base);
  }
  std::atexit(RemoveScratchDir);
  return pattern;
}

}  // namespace

const std::string& FuzzScratchDir() {
  static const std::string* const dir = new std::string(MakeScratchDir());
  return *dir;
}

std::string WriteFuzzFile(const std::string& name, const uint8_t* data,
                          size_t size) {
  const std::string path = FuzzScratchDir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data),
            static_cast<std::streamsize>(size));
  out.close();
  if (!out) FuzzInvariantBroken("cannot write " + path);
  return path;
}

void FuzzInvariantBroken(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace weightwalk
