#!/usr/bin/env python3
"""What llama.cpp's convert_hf_to_gguf.py runs for names, for side_by_side.sh.

Maps every name in the checkpoint's weight map through gguf-py's tensor name
map for the Mixtral (llama) architecture, one direction only, as the converter
does. Needs gguf-py on PYTHONPATH (side_by_side.sh sets it from GGUF_PY).

    gguf_map.py CHECKPOINT_DIR
"""
import json
import os
import sys

import gguf  # llama.cpp/gguf-py


def main(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(directory, "model.safetensors.index.json")) as f:
        names = json.load(f)["weight_map"]
    table = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA,
                                     config["num_hidden_layers"])
    unmapped = [name for name in names
                if table.get_name(name, try_suffixes=(".weight", ".bias")) is None]
    print(f"{len(names)} names: {len(unmapped)} unmapped")
    return 1 if unmapped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
