"""Pure text analysis: reading files and pages, repairing encodings, normalizing, detecting the language,
reading the credits a text gives itself, and comparing names. Never a database session (an import contract
in pyproject.toml keeps SQLAlchemy out).
"""
