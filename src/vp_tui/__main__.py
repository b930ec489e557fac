"""Run vp-tui as ``python -m vp_tui``."""

from vp_tui.cli import main

raise SystemExit(main())
