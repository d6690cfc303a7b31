"""The escalation routes as content: `guide` reads the routes, steps and "what have you tried"
answers from the store; `matching` reads typed text against the data's words. Both are pure
functions over knowledge, so the knowledge checks and the NLU's safeguards use them without
reaching up into the dialogue (bot.dialogue.escalation holds the form, replies and history)."""
