"""Postal addresses: checking one as far as Google's address data allows (validation.py), the countries and regions
offered (countries.py), the form that takes one (forms.py), and a customer's address book (models.py, views.py)."""
