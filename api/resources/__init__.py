"""One flask-restx Namespace per resource; views stay thin: parse, call the domain, present."""
