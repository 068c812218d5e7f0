"""`python -m soak`: see soak/cli.py."""

from soak.cli import main

raise SystemExit(main())
