"""The partners' contract, checked from outside: schemathesis against gunicorn (issue 13)."""
