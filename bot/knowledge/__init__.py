"""The audits' content: its schema, the YAML it is written in, validation, the database it is
loaded into, and the NLU data generated from it. Everything the assistant says comes through
here.
"""
