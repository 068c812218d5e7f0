"""marshmallow schemas: the one contract for validating input and serialising output."""
