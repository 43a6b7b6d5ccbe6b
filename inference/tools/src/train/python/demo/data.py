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


class Dataset:
    def __init__(self, folder, max_shards=None, video=True):
        self.meta = json.load(open(os.path.join(folder, "dataset.json")))
        files = sorted(glob.glob(os.path.join(folder, "shard-*.safetensors")))
        if max_shards:
            files = files[:max_shards]
        if not files:
            raise SystemExit(f"{folder}: no shard-*.safetensors (run `gallop demo dataset --out {folder}`)")
        vids, auds, ctls, self.prompts, self.specs = [], [], [], [], []
        for f in files:
            t, m = read(f, names={"video", "audio", "controls"} if video else {"audio", "controls"})
            if video:
                vids.append(t["video"])
            auds.append(t["audio"])
            ctls.append(t["controls"])
            self.prompts += json.loads(m["prompts"])
            self.specs += json.loads(m["specs"])
        self.video = np.concatenate(vids) if video else None
        self.audio = np.concatenate(auds)
        self.controls = np.concatenate(ctls)
        self.n = self.meta["audio_frames"]
        self.frames = self.meta["video_frames"]
        self.vocab = ["<unk>"] + self.meta["vocabulary"]

    def __len__(self):
        return len(self.prompts)
