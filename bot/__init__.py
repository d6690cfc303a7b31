"""City & Hackney safeguarding assistant."""
