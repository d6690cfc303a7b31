"""`python -m rasa`, with the trained TensorFlow models loaded in half the time: what `bot serve`
(so `make run`, the tests and the bench) and the cluster's units (deploy/systemd/) start.

Rasa 3.6 makes DIET's and the response selector's weights by training them on one example,
which traces the whole training graph, before it reads the trained weights over them: of
Rasa's 16 s of CPU to load this assistant's model, about 8 s (measured on this 2-core
machine, 2026-12-05). Here the weights are made by one eager prediction instead, the trained
ones read over them, and the prediction graph traced once with them. Every variable the
prediction uses must be in the saved weights (TensorFlow's check), or the load fails rather
than predict from untrained ones; a model loaded to be fine-tuned loads as Rasa loads it.
The same intents, rankings and confidences as Rasa's own load, to the last bit, on the
evaluation questions (tests/tooling/test_rasa_server.py).
"""

from __future__ import annotations

from typing import Any

from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

_rasa_load = RasaModel.load.__func__


def _load(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    if finetune_mode or predict_data_example is None:
        return _rasa_load(
            cls,
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )
    import tensorflow as tf

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    traced = model._run_eagerly
    model._run_eagerly = True  # the weights' shapes from one prediction, no graph traced
    model.run_inference(predict_data_example)
    model._run_eagerly = traced
    status = model.load_weights(model_file_name)
    status.assert_existing_objects_matched()
    status.expect_partial()  # the optimiser's state is only for training
    # what that prediction computed from the untrained weights (the labels' embeddings) is
    # computed again from the trained ones, and the prediction graph traced with them
    model.prepared_for_prediction = False
    model.run_inference(predict_data_example)
    return model


def install() -> None:
    RasaModel.load = classmethod(_load)


if __name__ == "__main__":
    install()
    from bot.encoder import shared_encoder
    from bot.safeguards.preload import read_word_lists

    # before the first message, not in it: its identifiers are looked for, and it is encoded
    # (bot/safeguards/nlu_components.py), the encoder's weights read on first use
    read_word_lists()
    shared_encoder()
    from rasa.__main__ import main

    main()
