"""What keeps practitioners and families safe: immediate-risk detection, identifier detection and
minimisation, the NLU components that apply them before the model, and the tracker store and
logs that never keep what they remove.
"""
