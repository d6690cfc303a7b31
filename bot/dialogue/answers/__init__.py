"""What the assistant says, composed from the knowledge base so every channel says the same:
one module per conversation feature (as data/<feature>/ and actions/<feature>.py), and the
citations they share, because every answer says which audit and case it comes from.
"""
