"""Matching a text to its origin across languages: the index kept beside the versions (fingerprints and
embeddings) and the search over it."""
