#include "model/block_sequence.h"

namespace weightwalk {

std::vector<const DecoderBlockConfig*> ExpandBlocks(
    const BlockSequenceConfig& sequence) {
  std::vector<const DecoderBlockConfig*> blocks;
  blocks.reserve(static_cast<size_t>(sequence.num_blocks()));
  for (int64_t i = 0; i < sequence.num_blocks(); ++i) {
    if (sequence.type() == BlockSequenceConfig::PATTERN) {
      const std::string& name =
          sequence.pattern(static_cast<int>(i % sequence.pattern_size()));
      blocks.push_back(&sequence.blocks().at(name));
    } else {
      blocks.push_back(&sequence.block());
    }
  }
  return blocks;
}

const DecoderBlockConfig& LastBlockConfig(const BlockSequenceConfig& sequence) {
  if (sequence.type() == BlockSequenceConfig::PATTERN) {
    const int64_t last = sequence.num_blocks() - 1;
    return sequence.blocks().at(
        sequence.pattern(static_cast<int>(last % sequence.pattern_size())));
  }
  return sequence.block();
}

}  // namespace weightwalk
