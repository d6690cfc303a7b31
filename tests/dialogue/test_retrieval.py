"""The sentence encoder is the published all-MiniLM-L6-v2, and the second opinions rank by
meaning and by words."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.dialogue.retrieval import (
    BM25,
    FEATURES,
    K1,
    B,
    KeyIndex,
    LearnedFusion,
    Line,
    NearestExample,
    Ranker,
    ask_clause,
    assistant_ranker,
    candidate_features,
    fused,
    load_fusion,
    load_taught,
    shared_words,
    terms,
    without_role,
)
from bot.dialogue.understanding import Ranked
from bot.encoder import (
    GRAPH_BUILDER,
    UPSTREAM,
    WEIGHTS_SHA256,
    SentenceEncoder,
    cached_encode,
    model_dir,
    shared_encoder,
)
from bot.knowledge.models import KeyMessage


def test_the_weights_are_the_pinned_all_minilm_l6_v2_file_shipped_in_the_package() -> None:
    digest = hashlib.sha256((model_dir() / "model.safetensors").read_bytes()).hexdigest()
    assert digest == WEIGHTS_SHA256
    readme = (model_dir() / "README.md").read_text(encoding="utf-8")
    assert "license: apache-2.0" in readme and UPSTREAM.split("/")[1] in readme


def test_the_encoder_gives_the_similarities_the_sentence_transformers_docs_publish() -> None:
    """sbert.net's semantic similarity example for all-MiniLM-L6-v2: 0.7553 and 0.8939."""
    vectors = shared_encoder().encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The new movie is awesome",
            "The new movie is so great",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] == pytest.approx(0.7553, abs=5e-4)
    assert vectors[2] @ vectors[3] == pytest.approx(0.8939, abs=5e-4)


def test_a_sentence_padded_in_a_batch_gets_the_vector_it_gets_alone() -> None:
    """Batches pad the shorter sentences; the mask keeps padding out of attention and pooling."""
    texts = ["CIN", "a child not brought to three appointments in a row, what now?"]
    together = shared_encoder().encode(texts)
    alone = np.vstack([shared_encoder().encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_the_graph_is_built_once_kept_and_built_again_when_its_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = SentenceEncoder(tmp_path)
    (kept,) = tmp_path.glob("minilm-*.onnx")
    built = kept.stat().st_mtime_ns
    second = SentenceEncoder(tmp_path)
    assert kept.stat().st_mtime_ns == built
    sentence = ["parents refuse information sharing"]
    assert np.array_equal(first.encode(sentence), second.encode(sentence))
    changed = tmp_path / "encoder_graph.py"
    changed.write_text(GRAPH_BUILDER.read_text(encoding="utf-8") + "\n# changed\n")
    monkeypatch.setattr("bot.encoder.GRAPH_BUILDER", changed)
    SentenceEncoder(tmp_path)
    (rebuilt,) = tmp_path.glob("minilm-*.onnx")  # the older graph is removed
    assert rebuilt != kept


def test_a_graph_that_cannot_be_kept_is_built_in_memory(tmp_path: Path) -> None:
    """A folder that cannot be made (here under a file: root may write anywhere else)."""
    (tmp_path / "a-file").write_text("")
    vector = SentenceEncoder(tmp_path / "a-file" / "encoded").encode(["young carers"])
    assert np.allclose(vector, shared_encoder().encode(["young carers"]), atol=1e-5)
    assert [path.name for path in tmp_path.iterdir()] == ["a-file"]


@pytest.fixture
def encoded_texts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The lists of texts the shared encoder is asked to encode during a test. The class's
    method is patched, not the instance's: monkeypatch undoes an instance's by setting the old
    bound method on it, which then hid every later class-level patch (test_learning's counting
    of encodings failed after this file)."""
    encode = SentenceEncoder.encode
    asked: list[list[str]] = []

    def counting(self: SentenceEncoder, texts: list[str], batch_size: int = 64) -> np.ndarray:
        asked.append(list(texts))
        return encode(self, texts, batch_size)

    monkeypatch.setattr(SentenceEncoder, "encode", counting)
    return asked


def test_a_list_that_changed_encodes_only_its_new_texts(
    tmp_path: Path, encoded_texts: list[list[str]]
) -> None:
    """A blind set released adds a few hundred examples to thousands: only they are encoded."""
    first = cached_encode(["a child not brought", "young carers"], tmp_path)
    second = cached_encode(["young carers", "social media", "a child not brought"], tmp_path)
    assert encoded_texts == [["a child not brought", "young carers"], ["social media"]]
    assert np.array_equal(second[[0, 2]], first[[1, 0]])
    assert np.allclose(second[1], shared_encoder().encode(["social media"])[0], atol=1e-5)
    again = cached_encode(["young carers", "social media", "a child not brought"], tmp_path)
    assert np.array_equal(again, second) and len(encoded_texts) == 3


def test_lists_that_join_to_the_same_text_are_kept_apart(
    tmp_path: Path, encoded_texts: list[list[str]]
) -> None:
    one = cached_encode(["young carers\nsocial media"], tmp_path)
    two = cached_encode(["young carers", "social media"], tmp_path)
    assert one.shape == (1, 384) and two.shape == (2, 384)
    assert len(list(tmp_path.glob("encoded-*.npy"))) == 2


def test_a_kept_list_not_matching_its_vectors_or_weights_is_encoded_again(
    tmp_path: Path, encoded_texts: list[list[str]]
) -> None:
    cached_encode(["young carers"], tmp_path)
    (listing,) = tmp_path.glob("encoded-*.json")
    kept = json.loads(listing.read_text(encoding="utf-8"))
    listing.write_text(json.dumps({**kept, "texts": ["young carers", "one too many"]}))
    cached_encode(["young carers", "social media"], tmp_path)
    assert encoded_texts[-1] == ["young carers", "social media"]
    # lists encoded by other weights, or kept in another form, are not reused either
    for other in tmp_path.glob("encoded-*.json"):
        listed = json.loads(other.read_text(encoding="utf-8"))
        other.write_text(json.dumps({**listed, "weights": "other"}), encoding="utf-8")
    listing.write_text('["young carers"]', encoding="utf-8")
    cached_encode(["young carers", "a child not brought"], tmp_path)
    assert encoded_texts[-1] == ["young carers", "a child not brought"]


LINES = [
    Line("not-brought", "child not brought to hospital appointments"),
    Line("social-media", "parents posting about the child on social media"),
    Line("young-carers", "a child who cares for a parent who is unwell"),
]


def test_bm25_ranks_by_shared_words_and_leaves_out_what_shares_none() -> None:
    ranking = BM25(LINES).rank("appointments at the hospital keep being missed")
    assert [r.key_message_id for r in ranking] == ["not-brought"]


def test_the_nearest_example_ranks_by_meaning_without_shared_words() -> None:
    nearest = NearestExample(LINES, shared_encoder().encode, shared_encoder().encode)
    top = nearest.rank("mum keeps uploading videos of her son to facebook")[0]
    assert top.key_message_id == "social-media"


def test_fusion_prefers_what_several_rankings_put_near_the_top() -> None:
    a = [Ranked("x", 0.9), Ranked("y", 0.5), Ranked("z", 0.1)]
    b = [Ranked("y", 3.0), Ranked("z", 2.0)]
    c = [Ranked("y", 0.6), Ranked("x", 0.5)]
    assert [r.key_message_id for r in fused([a, b, c])][:2] == ["y", "x"]


def test_an_unsure_selector_is_answered_only_when_two_opinions_agree() -> None:
    ranker = Ranker({line.key_message_id: [line.text] for line in LINES}, shared_encoder().encode)
    unsure = [Ranked("young-carers", 0.12), Ranked("not-brought", 0.1)]
    backed = ranker.opinion("she does all the caring for her unwell mum", unsure, False)
    assert backed.confident and backed.ranking[0].key_message_id == "young-carers"
    alone = ranker.opinion("hmm", unsure, False)
    assert not alone.confident
    sure = ranker.opinion("hmm", unsure, True)
    assert sure.confident and sure.ranking[0].key_message_id == "young-carers"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        (
            "school nurse - she does all the caring for her mum",
            "she does all the caring for her mum",
        ),
        (
            "I'm a GP, mum keeps missing the baby's appointments",
            "mum keeps missing the baby's appointments",
        ),
        ("hv here can i see a sibling's health record", "can i see a sibling's health record"),
        ("school nurse wasnt copied into the letters, is that a gap?", None),
        ("sw here: help", None),
    ],
)
def test_the_askers_introduction_is_left_out_of_what_the_second_opinions_see(
    text: str, about: str | None
) -> None:
    """Who asks is not what they ask about; a role that is the subject stays, and so does a
    message that would be left with almost nothing."""
    assert without_role(text) == (about or text)


def test_a_question_far_from_every_line_is_not_near_the_knowledge() -> None:
    ranker = Ranker({line.key_message_id: [line.text] for line in LINES}, shared_encoder().encode)
    unsure = [Ranked("young-carers", 0.12), Ranked("not-brought", 0.1)]
    assert ranker.opinion(
        "she does all the caring for her unwell mum", unsure, False
    ).near_knowledge
    assert not ranker.opinion(
        "what is the legal age to buy fireworks", unsure, False
    ).near_knowledge


def test_taught_lines_rank_but_nearness_to_the_audits_is_judged_on_their_own_lines() -> None:
    encode = shared_encoder().encode
    knowledge = {line.key_message_id: [line.text] for line in LINES}
    taught = {"young-carers": ["what is the legal age to buy fireworks"]}
    ranker = Ranker(knowledge, encode, taught=taught)
    unsure = [Ranked("not-brought", 0.12)]
    found = ranker.opinion("what is the legal age to buy fireworks", unsure, False)
    assert ranker.nearest.rank("what is the legal age to buy fireworks")[0].key_message_id == (
        "young-carers"
    )
    assert not found.near_knowledge


def test_the_committed_fusion_has_a_weight_for_every_feature_and_a_bad_one_is_named(
    tmp_path: Path,
) -> None:
    fusion = load_fusion()
    assert fusion is not None and len(fusion.weights) == len(FEATURES)
    assert 0 < fusion.threshold < 1
    bad = tmp_path / "fusion.yml"
    bad.write_text("weights: {score: 1.0}\nbias: 0\nthreshold: 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fusion.yml: field 'weights'"):
        load_fusion(bad)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("lines: []\n", "taught.yml: field 'sets' must map"),
        ("sets: {A: {q: x}}\n", "taught.yml: set A: must be a list"),
        (
            "sets:\n  A:\n  - {q: a question, key_message: young-carers}\n  - {q: ''}\n",
            "taught.yml: set A, item 2: field 'q'",
        ),
        (
            "sets: {B: [{q: a question, key_message: no-such}]}\n",
            "taught.yml: set B, item 1: field 'key_message' 'no-such' is no key message",
        ),
    ],
)
def test_a_bad_taught_file_is_an_error_naming_its_set_item_and_field(
    tmp_path: Path, text: str, error: str
) -> None:
    bad = tmp_path / "taught.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_taught(bad, known={"young-carers"})


def test_the_taught_lines_are_read_under_their_key_messages(tmp_path: Path) -> None:
    taught = tmp_path / "taught.yml"
    taught.write_text(
        "sets:\n  A:\n  - {q: one, key_message: young-carers}\n  - {q: two, key_message: x}\n"
        "  B:\n  - {q: three, key_message: young-carers}\n",
        encoding="utf-8",
    )
    assert load_taught(taught) == {"young-carers": ["one", "three"], "x": ["two"]}
    assert load_taught(tmp_path / "none.yml") == {}


def test_the_learned_fusion_answers_only_when_its_likelihood_reaches_the_threshold() -> None:
    knowledge = {line.key_message_id: [line.text] for line in LINES}
    selector = [Ranked("young-carers", 0.3), Ranked("social-media", 0.1)]
    by_selector = (1.0, *[0.0] * (len(FEATURES) - 1))  # the selector's score alone
    sure = Ranker(knowledge, shared_encoder().encode, fusion=LearnedFusion(by_selector, 0.0, 0.5))
    found = sure.opinion("she looks after her ill dad", selector, False)
    assert found.ranking[0].key_message_id == "young-carers" and found.confident
    assert found.ranking[0].confidence == pytest.approx(1 / (1 + math.exp(-0.3)))
    strict = Ranker(knowledge, shared_encoder().encode, fusion=LearnedFusion(by_selector, 0, 0.9))
    assert not strict.opinion("she looks after her ill dad", selector, False).confident


def test_taught_lines_of_key_messages_the_knowledge_lacks_are_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A knowledge set without some labelled key messages (a retired one, a test's small
    knowledge) still gets a ranker: `knowledge load` stopped on it in a fresh clone's run."""
    carers = KeyMessage(
        id="young-carers",
        title="Consideration of Young Carers",
        actions=["Think about whether the child is a young carer."],
        example_questions=["a child who looks after a parent"],
    )
    with caplog.at_level("WARNING"):
        ranker = assistant_ranker([carers], [], tmp_path)
    assert {line.key_message_id for line in ranker.nearest.lines} == {"young-carers"}
    assert len(ranker.nearest.lines) > 3  # the taught lines of young-carers are kept
    assert "left out" in caplog.text and "taught.yml" in caplog.text


def test_the_runner_up_is_offered_only_beside_an_answer_it_comes_within_the_margin_of() -> None:
    """Two key messages that fit and a fusion that cannot tell them apart: the second is
    offered beside the answer; far behind, below the threshold or with no margin, it is not."""
    knowledge = {line.key_message_id: [line.text] for line in LINES}
    selector = [Ranked("young-carers", 0.3), Ranked("social-media", 0.28)]
    by_selector = (1.0, *[0.0] * (len(FEATURES) - 1))  # likelihood: sigmoid(selector score)
    close = Ranker(
        knowledge, shared_encoder().encode, fusion=LearnedFusion(by_selector, 0, 0.5, 0.02)
    )
    found = close.opinion("she looks after her ill dad", selector, False)
    assert found.confident and found.ranking[0].key_message_id == "young-carers"
    assert found.second is not None and found.second.key_message_id == "social-media"
    far = [Ranked("young-carers", 0.3), Ranked("social-media", 0.1)]
    assert close.opinion("she looks after her ill dad", far, False).second is None
    never = Ranker(knowledge, shared_encoder().encode, fusion=LearnedFusion(by_selector, 0, 0.5))
    assert never.opinion("she looks after her ill dad", selector, False).second is None
    unsure = Ranker(
        knowledge, shared_encoder().encode, fusion=LearnedFusion(by_selector, 0, 0.9, 0.5)
    )
    assert unsure.opinion("she looks after her ill dad", selector, False).second is None


def test_the_committed_fusion_gives_its_runner_up_margin(tmp_path: Path) -> None:
    fusion = load_fusion()
    assert fusion is not None and 0 <= fusion.second_margin < fusion.threshold
    older = tmp_path / "fusion.yml"
    older.write_text(  # written before the margin was: never a runner-up
        yaml.safe_dump(
            {"weights": dict.fromkeys(FEATURES, 0), "bias": 0, "threshold": 0.4}, sort_keys=False
        ),
        encoding="utf-8",
    )
    assert load_fusion(older) == LearnedFusion((0.0,) * len(FEATURES), 0.0, 0.4, 0.0)


def test_the_fusion_knows_how_far_each_opinion_puts_a_key_message_ahead_of_the_rest() -> None:
    selector = [Ranked("clear", 0.9), Ranked("close", 0.2)]
    bm25 = [Ranked("close", 5.0), Ranked("clear", 4.5)]
    keys, rows = candidate_features([selector, bm25, []])
    row = dict(zip(FEATURES, rows[keys.index("clear")], strict=True))
    assert row["selector lead over the best other"] == pytest.approx(0.7)
    assert row["selector first"] == 1.0
    assert row["bm25 lead over the best other"] == pytest.approx(-0.5)
    assert row["bm25 first"] == 0.0
    assert row["nearest lead over the best other"] == row["nearest first"] == 0.0


def test_bm25_scores_each_line_by_the_okapi_formula() -> None:
    """Scored through each term's lines, every line gets the textbook Okapi BM25 sum."""
    bm25 = BM25(LINES)
    question = "mum keeps missing the hospital appointments with her young carer"
    query = set(terms(question))
    for doc, length, score in zip(bm25.docs, bm25.lengths, bm25.scores(question), strict=True):
        norm = K1 * (1 - B + B * length / bm25.average)
        expected = sum(bm25.idf[t] * doc[t] * (K1 + 1) / (doc[t] + norm) for t in query if t in doc)
        assert score == pytest.approx(expected)
    assert bm25.scores("zzz").tolist() == [0.0] * len(LINES)


def test_a_step_the_question_names_in_its_own_words_is_nearer_it() -> None:
    """The step asked about is chosen by meaning and by the question's own telling words."""
    steps = [
        "Challenge parents around engagement with services.",
        "Consider re-referring families already known to CSC.",
    ]
    bm25 = BM25([Line("a", step) for step in steps])
    question = "should i be re-referring this family"
    assert shared_words(question, steps[1], bm25.idf_of) > 0.5
    assert shared_words(question, steps[0], bm25.idf_of) == 0.0
    assert shared_words("", steps[0], bm25.idf_of) == 0.0
    ranker = Ranker({"a": steps}, shared_encoder().encode)
    plain = [float(v) for v in ranker.nearest.scores(question)]
    with_words = ranker.similarities_to(question, "a", steps)
    assert with_words[0] == pytest.approx(plain[0])
    assert with_words[1] > plain[1]


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        # the last sentence that asks, from its last clause opening as a question
        (
            "dad left in march, mum drinks most nights now. how do I talk to the kids about it?",
            "how do I talk to the kids about it?",
        ),
        (
            "nan has had them since the summer - should the school be told about the plan?",
            "should the school be told about the plan?",
        ),
        (
            "what does the audit say about safety plans? she took an overdose in may",
            "what does the audit say about safety plans?",
        ),
        # no question mark: the last sentence
        (
            "boy on a cin plan, missed his last three appointments. manager wants the learning on "
            "chronologies",
            "manager wants the learning on chronologies",
        ),
    ],
)
def test_the_ask_is_read_apart_from_the_history_told_before_it(text: str, ask: str) -> None:
    assert ask_clause(text) == ask


@pytest.mark.parametrize(
    "text",
    [
        "what is the learning on young carers?",  # the ask is the whole message
        "mum has been drinking again since the new baby. is that right?",  # too short to point
        "",
    ],
)
def test_no_ask_apart_when_nothing_is_told_before_it_or_it_points_nowhere(text: str) -> None:
    assert ask_clause(text) == ""


def test_the_fusion_knows_where_the_ask_apart_puts_a_key_message() -> None:
    """The ask's rankings (after the three opinions) give their own features; without them,
    those features are 0."""
    selector = [Ranked("history", 0.6), Ranked("asked", 0.3)]
    ask_bm25 = [Ranked("asked", 6.0), Ranked("history", 2.0)]
    keys, rows = candidate_features([selector, [], [], ask_bm25, []])
    asked = dict(zip(FEATURES, rows[keys.index("asked")], strict=True))
    assert asked["ask bm25 first"] == 1.0
    assert asked["ask bm25 lead over the best other"] == pytest.approx(4.0)
    assert asked["ask bm25 1/(1+place)"] == 1.0
    assert asked["ask nearest score"] == 0.0
    _keys, without = candidate_features([selector, [], []])
    assert not without[:, len(FEATURES) - 10 :].any()


def test_a_ranking_takes_each_key_messages_best_line_and_keeps_first_line_order_on_ties() -> None:
    lines = [Line("b", "one"), Line("a", "two"), Line("b", "three"), Line("c", "four")]
    index = KeyIndex(lines)
    ranking = index.best(np.array([0.2, 0.5, 0.9, 0.5]))
    assert [(r.key_message_id, r.confidence) for r in ranking] == [
        ("b", 0.9),
        ("a", 0.5),
        ("c", 0.5),
    ]
    assert KeyIndex([]).best(np.array([])) == []
