"""provenance: a translation-provenance tracker for news.

Records outlets, people, versions of news texts, the derivation links between them
and the attribution claims each text makes about itself; traces and audits chains.
"""

__version__ = "0.1.0"
