"""Pages for the partnership's trainers and learning lead, behind one shared credential: the
insights page now, the workshop later. Every page is built on the server from escaped data and
runs no script, so nothing a practitioner typed can become markup in a trainer's browser.
"""
