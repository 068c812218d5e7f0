"""Who may do what: accounts and tokens, partner API keys, the permission policy."""
