"""Management commands that hand their arguments to a plain-Python CLI (no Django needed)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from django.core.management.base import BaseCommand


class PassThroughCommand(BaseCommand):
    """``fengqiao NAME ARGS…`` → ``entry(ARGS…)``; exit status is the entry's return value."""

    entry: Callable[[Sequence[str]], int]
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        code = type(self).entry(argv[2:])
        sys.stdout.flush()
        raise SystemExit(code or 0)

    def handle(self, *args, **options) -> None:  # only reached through call_command
        raise SystemExit(type(self).entry(list(args)) or 0)
