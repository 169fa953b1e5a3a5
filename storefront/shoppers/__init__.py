"""Shoppers: customer accounts, the guest behind an anonymous session, My designs, and the guest merge on login."""
