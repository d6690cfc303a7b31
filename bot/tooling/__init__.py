"""Commands for developers and deployers (`python -m bot ...`): serving, training fingerprints,
evaluation, quality gates and benchmarks. Nothing here runs inside a conversation or a
server: what a server needs from here is generated and committed (bot/dialogue/taught.yml,
fusion.yml).
"""
