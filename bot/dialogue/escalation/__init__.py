"""The escalation route finder: who to go to, in order, when a safeguarding concern is stuck.

The routes, their steps and the "what have you tried" answers are data
(knowledge/escalation.yml, escalation_steps.yml, escalation_tried.yml), validated and loaded
into the database with the rest of the knowledge. This package does everything else the form
needs, so the actions in actions/escalation.py stay thin; each module holds one concern:
`guide` (the routes as read from the store), `matching` (typed text against the data's words),
`form` (how the form reads a message and its answers), `replies` (every message it sends) and
`history` (what the conversation's events say).
"""
