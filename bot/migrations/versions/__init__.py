"""One revision per schema change, oldest first (README: "Changing a table")."""
