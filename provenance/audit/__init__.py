"""The attribution audit: set-based rules over the store, and the findings, config and acknowledgements."""
