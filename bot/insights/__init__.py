"""What practitioners ask, what goes unanswered and what helps, for the partnership's learning
lead: anonymous usage events written as the assistant answers, and the reports built on them.
Nothing here can tell one practitioner from another."""
