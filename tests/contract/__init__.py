"""One contract for every editable kind (listings, events, packages): add a kind to KINDS."""
