"""Retention: a hearing's personal data is removed once its retention date has passed."""
