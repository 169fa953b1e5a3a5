"""Sending an order: the shipping methods the store owner offers per destination, the tax rates per country and
region, the arithmetic of an order's totals (pricing.py) and the carriers whose tracking links the customer gets."""
