// MappedFile: a regular file mapped read-only, for the readers' scanner
// tier. Its pages come from the page cache instead of being copied into
// fresh memory, and those already read can be let go (ReleaseBefore), so a
// 76 MB index never occupies 76 MB.
//
// A mapped read has one failure a buffered read has not: if the file is
// truncated in place while it is read, touching the lost pages raises
// SIGBUS. While a MappedFile is open, a SIGBUS on its pages ends the
// process with "PATH: the file shrank while it was being read" and exit
// code 2 (bad input), like every other unreadable input, instead of a
// crash. (Downloads replace an index by renaming it, which a mapping
// outlives; only a file cut short in place shows this.)
#ifndef WEIGHTWALK_CHECKPOINT_MAPPED_FILE_H_
#define WEIGHTWALK_CHECKPOINT_MAPPED_FILE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace weightwalk {

class MappedFile {
 public:
  // Maps `path`; empty when it cannot (missing, empty, not a regular file).
  // One MappedFile at a time may be open in a process.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return data_ != nullptr; }
  absl::string_view text() const { return absl::string_view(data_, size_); }

  // Drops the whole pages before `upto` from this process's memory. They
  // stay in the page cache, and come back if read again.
  void ReleaseBefore(const char* upto);

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  char* released_ = nullptr;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_MAPPED_FILE_H_
