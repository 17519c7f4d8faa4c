"""`python -m app` starts the server, exactly like the `nn-playground` command."""

from app.cli import main

raise SystemExit(main())
