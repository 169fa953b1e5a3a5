"""Catalog: categories, product groups and variants, their pages, and the demo catalog."""
