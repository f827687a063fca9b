"""The ``fengqiao`` console command: the Django management commands under one name.

``fengqiao``, ``fengqiao help`` and ``fengqiao --help`` list the commands without setting
Django up (no app, model or background-queue library is imported): the names come straight
from each installed app's ``management/commands`` folder, as Django itself finds them.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import defaultdict
from pathlib import Path

HELP_ARGS = ([], ["help"], ["--help"], ["-h"])


def _package_dir(dotted: str) -> Path | None:
    """The folder of package ``dotted`` found without importing it (or its parents)."""
    top, *rest = dotted.split(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    return path if path.is_dir() else None


def fast_help_text(prog: str = "fengqiao") -> str | None:
    """Django's main help text, or None when it cannot be built without Django set up."""
    try:
        from django.conf import settings

        installed = list(settings.INSTALLED_APPS)
    except Exception:  # broken settings: let Django report them its own way
        return None
    from django.core import management
    from django.core.management.color import color_style

    commands = {name: "django.core" for name in management.find_commands(management.__path__[0])}
    for app in reversed(installed):
        path = _package_dir(app)
        if path is None:
            return None  # e.g. an AppConfig path: Django must resolve it
        commands.update({name: app for name in management.find_commands(str(path / "management"))})
    by_app: dict[str, list[str]] = defaultdict(list)
    for name, app in commands.items():
        by_app["django" if app == "django.core" else app.rpartition(".")[-1]].append(name)
    style = color_style()
    usage = ["", f"Type '{prog} help <subcommand>' for help on a specific subcommand.", ""]
    usage.append("Available subcommands:")
    for app in sorted(by_app):
        usage += ["", style.NOTICE(f"[{app}]"), *(f"    {n}" for n in sorted(by_app[app]))]
    return "\n".join(usage)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
    args = sys.argv[1:] if argv is None else argv
    if args in HELP_ARGS:
        text = fast_help_text()
        if text is not None:
            sys.stdout.write(text + "\n")
            return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fengqiao", *args])


if __name__ == "__main__":
    main()
