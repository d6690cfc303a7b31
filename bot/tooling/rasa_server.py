"""`python -m rasa`, with the trained TensorFlow models loaded in half the time and the action
server's replies checked without checking their schema each time: what `bot serve` (so
`make run`, the tests and the bench) and the cluster's units (deploy/systemd/) start.

Rasa 3.6 makes DIET's and the response selector's weights by training them on one example,
which traces the whole training graph, before it reads the trained weights over them: of
Rasa's 16 s of CPU to load this assistant's model, about 8 s (measured on this 2-core
machine, 2026-12-05). Here the weights are made by one eager prediction instead, the trained
ones read over them, and the prediction graph traced once with them. Every variable the
prediction uses must be in the saved weights (TensorFlow's check), or the load fails rather
than predict from untrained ones; a model loaded to be fine-tuned loads as Rasa loads it.
The same intents, rankings and confidences as Rasa's own load, to the last bit, on the
evaluation questions (tests/tooling/test_rasa_server.py).

Rasa 3.6 checks every action server reply with `jsonschema.validate`, which first checks the
reply schema itself against the JSON Schema meta-schema and builds a validator: both the same
every time, and 17% of Rasa's busy CPU under the bench's 10 people (py-spy, 2026-12-05). Here
the validator is built once and checks each reply as `validate` does (the same best-matching
error, with Rasa's words added).

Rasa 3.6 finds an event's class by its type name (`Event.resolve_by_type`) by walking every
subclass of Event, asking `inspect.isabstract` of each, for every event it reads: every event
of the conversation on each turn's tracker read, and each event an action returns. 4% of
Rasa's busy CPU under the bench's 10 people (py-spy, 2026-12-05). Here the classes are looked
up by name in a table made once from that same walk (the first class of a name, as Rasa's loop
finds it); a name not in the table goes to Rasa's own lookup (the old "topic", a default, the
error).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
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


@cache
def _reply_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_reply_validator().iter_errors(result))
    if error is None:
        return True
    # Rasa's own words (rasa/core/actions/action.py)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        "the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_rasa_resolve_by_type = Event.resolve_by_type


@cache
def _event_classes() -> dict[str, type[Event]]:
    """Each event type name's class, the first of that name in Rasa's own walk. Made on first
    use, when Rasa has imported every event class it has."""
    classes: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes().get(type_name)
    return found if found is not None else _rasa_resolve_by_type(type_name, default)


def install() -> None:
    RasaModel.load = classmethod(_load)
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)


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
