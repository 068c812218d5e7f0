"""Languages: translatable messages, negotiation policy, localized texts, translation status."""
