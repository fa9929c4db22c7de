#!/usr/bin/env python3
"""What llama.cpp's convert_hf_to_gguf.py runs for names, for side_by_side.sh.

Maps every name in the checkpoint's weight map to its GGUF name with
gguf-py's tensor name map for the llama architecture (which Mixtral uses),
one direction only, as the converter's LlamaModel does:

  * a name's block is its first all-digit segment;
  * a Mixtral expert tensor (".block_sparse_moe.experts.") is held back until
    its block has all num_local_experts x 3 of them; then, for w1, w2 and w3,
    the block's experts are taken in order (a missing one is an error) and
    the stacked name "layers.B.feed_forward.experts.W.weight" is mapped;
  * any other name is mapped as it is, trying the ".weight" and ".bias"
    suffixes.

No tensor data is read. Needs gguf-py on PYTHONPATH (side_by_side.sh sets it
from GGUF_PY) and what gguf-py imports (numpy, sentencepiece, yaml, tqdm).
Exits 1 when a name cannot be mapped or a block's experts are incomplete.

    gguf_map.py CHECKPOINT_DIR
"""
import json
import os
import sys

import gguf  # llama.cpp/gguf-py


def block_of(name):
    for part in name.split("."):
        if part.isdecimal():
            return int(part)
    return None


def main(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(directory, "model.safetensors.index.json")) as f:
        names = json.load(f)["weight_map"]
    table = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA,
                                     config["num_hidden_layers"])
    experts = config.get("num_local_experts", 0)
    held = {}  # block -> the expert names seen so far
    unmapped = []
    mapped = 0

    def map_name(name):
        nonlocal mapped
        if table.get_name(name, try_suffixes=(".weight", ".bias")) is None:
            unmapped.append(name)
        else:
            mapped += 1

    for name in names:
        block = block_of(name)
        if "block_sparse_moe.experts" not in name or block is None:
            map_name(name)
            continue
        seen = held.setdefault(block, set())
        seen.add(name)
        if len(seen) < experts * 3:
            continue
        for weight in ("w1", "w2", "w3"):
            for expert in range(experts):
                expert_name = (f"model.layers.{block}.block_sparse_moe."
                               f"experts.{expert}.{weight}.weight")
                if expert_name not in seen:
                    unmapped.append(expert_name)
                seen.discard(expert_name)
            map_name(f"layers.{block}.feed_forward.experts.{weight}.weight")
    for block, seen in held.items():
        unmapped.extend(sorted(seen))
    print(f"{len(names)} names: {mapped} GGUF tensors, "
          f"{len(unmapped)} names unmapped")
    return 1 if unmapped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
