"""What the assistant says and when: intent, action and slot names, understanding a question,
composing answers, the escalation route finder and the conversation context. Free of Rasa
servers, so it is tested without them.
"""
