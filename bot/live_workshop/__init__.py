"""Live workshops: a trainer runs a case walk-through, quiz and before/after check with a room
that answers anonymously by a join code, from the web chat, Teams, REST or a phone's browser."""
