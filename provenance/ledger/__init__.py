"""The ledger: agents (outlets, people), versions and the lineage that links them; the domain's own rules
for recording each and for walking a chain."""
