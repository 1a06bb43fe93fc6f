"""Ingest: logging one found article (file, stdin, HTML) and importing many (a folder or JSONL)."""
