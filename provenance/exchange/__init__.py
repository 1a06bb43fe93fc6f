"""Exchange: the rows an export reads, a registry of export formats (each format module registers itself),
and PROV import."""
