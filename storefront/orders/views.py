"""Order views (being built)."""
