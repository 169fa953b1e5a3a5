"""Shoppers: customer accounts, the guest behind an anonymous session, My designs, and the guest merge on login
(their pages are the `account` blueprint, in storefront/account/)."""
