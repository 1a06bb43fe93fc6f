"""The store: the schema as typed models, engines and sessions on SQLite or PostgreSQL, migrations, and
the batching every set-based statement shares."""
