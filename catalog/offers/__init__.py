"""The integrated offer: packages (an editable kind), campaigns and the day planner."""
