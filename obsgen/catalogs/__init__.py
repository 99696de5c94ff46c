"""Catalogs of the standard exporters, shared by every stack that scrapes them."""
