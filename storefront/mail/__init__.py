"""Order emails: the rows an order's events owe, their messages, and the job that sends each one once."""
