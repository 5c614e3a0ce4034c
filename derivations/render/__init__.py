"""Renderers, one module per format: text, tex, markdown, html."""
