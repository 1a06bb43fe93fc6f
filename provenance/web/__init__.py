"""A read-only web view of the database for the team: search, a version's chain and claims, findings, outlets.

Needs the ``web`` extra (``pip install 'provenance[web]'``); ``provenance serve`` runs it.
"""
