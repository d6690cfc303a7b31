"""Commands for developers and deployers (`python -m bot ...`): serving, training fingerprints,
evaluation, quality gates and benchmarks. Nothing here runs inside a conversation.
"""
