"""The generator's shards (written by `gallop demo dataset`) and the prompt tokenization of the engine's "words" text
encoder (dev.gallop.engine.models.text.EmbeddingTextEncoder.words)."""
import glob
import json
import os
import re

import numpy as np

from st import read

_WORD = re.compile(r"[^\W_]+", re.UNICODE)   # runs of letters and digits (Java Character.isLetterOrDigit)


def words(text):
    return [w.lower() for w in _WORD.findall(text)]


def token_ids(text, vocab, positions):
    index = {w: i for i, w in reversed(list(enumerate(vocab)))}
    ws = words(text)[:positions]
    return [index.get(w, 0) for w in ws]


class Shard:
    """One shard: clips of one length. video [N, C, T] raw scene latents, audio [N, n, 3] tone controls."""

    def __init__(self, path):
        t, m = read(path)
        self.video, self.audio = t["video"], t["audio"]
        self.prompts = json.loads(m["prompts"])
        self.specs = json.loads(m["specs"])


class Dataset:
    def __init__(self, folder):
        self.meta = json.load(open(os.path.join(folder, "dataset.json")))
        if self.meta.get("version") != 2:
            raise SystemExit(f"{folder}: a version 2 dataset is needed (run `gallop demo dataset --out {folder}`)")
        files = sorted(glob.glob(os.path.join(folder, "shard-*.safetensors")))
        if not files:
            raise SystemExit(f"{folder}: no shard-*.safetensors (run `gallop demo dataset --out {folder}`)")
        self.shards = [Shard(f) for f in files]
        self.vocab = ["<unk>"] + self.meta["vocabulary"]

    def __len__(self):
        return sum(len(s.prompts) for s in self.shards)
