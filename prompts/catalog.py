"""Extract sentences into ``prompts/messages.pot``, merge them into each catalog and
compile the catalogs into the ``.mo`` files the app reads.

Developers run ``nachbarruf translations extract`` (which also compiles) after changing
sentences, ``nachbarruf translations compile`` after translating; tests check that the
template and the ``.mo`` files are current. ``nachbarruf translations init LANG`` starts a
catalog for a new language.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import CATALOGS, HERE, compiled

ROOT = HERE.parent
TEMPLATE = HERE / "messages.pot"
KEYWORDS = {"Prompt": None, "_": None, "gettext": None, "Plural": (1, 2), "ngettext": (1, 2)}

#: Files whose sentences a caller hears or a client or volunteer reads by SMS: every
#: catalog a Kommune can offer must translate all of them (the staff pages stay German).
CALLER_SOURCES = ("prompts/voice.py", "prompts/sms.py")
#: ... except what only staff read or hear (the SMS to the team when nobody was found, the
#: whisper to the staff phone that answers a rota call).
STAFF_ONLY = frozenset(
    {
        "Nachbarruf: Für Anfrage %(ref)s (%(category)s, %(day)s, %(district)s) hat sich "
        "niemand gefunden. Bitte übernehmen.",
        "Anruf der Nachbarschaftshilfe, drücken Sie 1 zum Annehmen.",
    }
)
#: Sentences the code fills with more than the German uses: how a person is addressed gets
#: both names, and each language takes what it says ("Frau Mustermann", "Erika Hanım").
BOTH_NAMES = {"Frau %(surname)s": {"first", "surname"}, "Herr %(surname)s": {"first", "surname"}}
#: The placeholders that choose a plural form.
COUNTS = frozenset({"count", "days"})
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%[sd]")


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


def po_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / "messages.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)


def languages() -> list[str]:
    """Every language with a ``.po`` catalog."""
    return sorted(p.parent.parent.name for p in CATALOGS.glob("*/LC_MESSAGES/messages.po"))


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalog (fuzzy entries left out: they are not checked yet)."""
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> list[str]:
    """Write ``messages.mo`` beside every ``messages.po``; the languages compiled."""
    done = []
    for lang in languages():
        compiled(lang).write_bytes(mo_bytes(read(lang)))
        done.append(lang)
    return done


def init(lang: str) -> Path:
    """A new, empty catalog for ``lang`` (its plural rule from Babel's locale data)."""
    path = po_path(lang)
    if path.exists():
        raise FileExistsError(path)
    catalog = Catalog(locale=lang, project="nachbarruf", charset="utf-8", fuzzy=False)
    with TEMPLATE.open("rb") as fh:
        catalog.update(read_po(fh), no_fuzzy_matching=True)
    write(catalog, path)
    return path


def extract_and_update() -> int:
    template = extract()
    write(template, TEMPLATE)
    for lang in languages():
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, po_path(lang))
    compile_all()
    return len(template)


def is_caller_sentence(message: Message) -> bool:
    """Whether a caller hears it or a client or volunteer reads it."""
    key = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return key not in STAFF_ONLY and any(f in CALLER_SOURCES for f, _ in message.locations)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def gaps(catalog: Catalog) -> list[str]:
    """What a catalog lacks: a caller's sentence untranslated (or fuzzy, or a plural form
    missing), or a translation whose placeholders differ from the German."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple | list)
        key = message.id[0] if plural else message.id
        forms = list(message.string) if plural else [message.string]
        translated = (
            not message.fuzzy and all(forms) and (not plural or len(forms) == catalog.num_plurals)
        )
        if not translated:
            if is_caller_sentence(message):
                problems.append(f"untranslated: {key}")
            continue
        wanted = set(_placeholders(message.id[1] if plural else key))
        for form in forms:
            found = set(_placeholders(form))
            if key in BOTH_NAMES:
                ok = found <= BOTH_NAMES[key]
            elif plural:  # a language may leave the number out of a form ("one offer")
                ok = found <= wanted and wanted - COUNTS <= found
            else:  # each placeholder at least once ("JA/NEIN 4711" names the number once)
                ok = found == wanted
            if not ok:
                problems.append(f"placeholders: {key} -> {form}")
    return problems
