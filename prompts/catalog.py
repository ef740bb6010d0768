"""Extract sentences into ``prompts/messages.pot`` and merge them into each catalog.

Developers run ``nachbarruf translations extract``; a test checks the template is current.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from . import CATALOGS, HERE

ROOT = HERE.parent
TEMPLATE = HERE / "messages.pot"
KEYWORDS = {"Prompt": None, "_": None, "gettext": None}


def extract() -> Catalog:
    """Every sentence marked in the code and templates (German msgids)."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = Catalog(project="nachbarruf", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)


def extract_and_update() -> int:
    template = extract()
    write(template, TEMPLATE)
    for po in CATALOGS.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, po)
    return len(template)
