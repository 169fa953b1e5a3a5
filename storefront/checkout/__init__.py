"""Checkout: where the order goes and how (addresses, shipping method), what it costs (the quote: shipping and tax
on the cart), and placing it: one transaction that writes the order with everything frozen and empties the cart."""
