"""Exchange: the rows an export reads, a registry of export formats (a writer module for each, loaded when
used), and PROV import."""
