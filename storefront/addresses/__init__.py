"""Postal addresses: checking one as far as Google's address data allows (validation.py), the countries and regions
offered (countries.py), the form that takes one (forms.py), and a customer's address book: its table (models.py),
its rules for the account pages and checkout (book.py) and its pages, blueprint `addresses` (views.py)."""
