"""Orders: checkout, the order pages and their progress, and the print files customers download."""
