"""Account: the `account` blueprint (register, log in and out, the customer's overview and My designs) and its forms;
the customers, guests and designs behind them live in storefront/shoppers/."""
