"""Commands for developers and deployers (`python -m bot ...`): serving, training fingerprints,
evaluation, quality gates and benchmarks. Nothing here runs inside a conversation; the
action server only reads the released blind sets' labelled questions (blind_labels.py) once,
when it builds its ranker.
"""
