"""``python -m bench [webhooks|dispatch|dashboard|directory] [options]`` (all when no name is given)."""

from __future__ import annotations

import importlib
import sys

NAMES = ("webhooks", "dispatch", "dashboard", "directory", "profile", "load")
#: Run when no name is given (profile and load are asked for by name).
DEFAULT = ("webhooks", "dispatch", "dashboard", "directory")


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or list(DEFAULT)
    options = [a for a in argv if a.startswith("-")]
    status = 0
    for name in names:
        if name not in NAMES:
            print(f"unknown benchmark {name!r}; choose from {', '.join(NAMES)}")
            return 2
        module = importlib.import_module(f"bench.{name}")
        status |= module.main(options)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
