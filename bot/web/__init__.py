"""What every page of ours shares, whichever feature it belongs to: HTML building and charts,
one layout, header, table and form field, the answers (page, CSV, static file), the request
guards and security headers, the trainer sign-in and the URLs of our pages. Each feature keeps
its own pages beside it (bot/insights/page.py, bot/live_workshop/pages.py, bot/handouts/).
It sits below every feature: it imports bot.settings (and, for the trainer sign-in's tables,
the database) and never a feature.
"""
