"""What a reader sees: the catalog, the renderers and the `dlmath` command."""
