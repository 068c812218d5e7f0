"""Events: fairs, festivals and tours. Queries, the editable kind, recurrence rules."""
