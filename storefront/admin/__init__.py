"""Admin: the store owner's order list, order page with live Hub data, and order actions."""
