"""`python -m contract`: see contract/cli.py."""

from contract.cli import main

raise SystemExit(main())
