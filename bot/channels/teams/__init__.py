"""Microsoft Teams: the Bot Framework protocol in both directions, and the app manifest."""
