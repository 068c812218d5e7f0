"""Listings: the unit of the offer. Queries, the editable kind, search, opening hours, CSV."""
