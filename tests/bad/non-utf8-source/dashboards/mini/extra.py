"""Café dashboards, saved in Latin-1."""
