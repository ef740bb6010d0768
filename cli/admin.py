"""Operator commands: schema, Kommunen, staff accounts, importing people, catalogs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from dispatch.importer import parse_language, plan
from dispatch.statements import money, parse_euros
from models import AuditEntry, Ban, HotlineNumber, Kommune, StaffUser, db, migrate, week
from models import phone as phones
from models.base import BERLIN
from models.kommune import MAX_DUTY_PHONES, STATES
from models.staff import EMAIL, MIN_PASSWORD, Role
from prompts import LANGUAGE_KEYS, available_languages
from prompts import cli as T
from prompts import settings as S


class Failure(click.ClickException):
    """The command cannot do what was asked: the reason in German on stderr, exit code 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(T.FAILED(message=self.format_message()), err=True)


def _longest(column: Any) -> int:
    """The length a string column stores (checked here so PostgreSQL never refuses it)."""
    return int(column.type.length)


db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


def _make_folders() -> None:
    """The instance folder, and the folder of a SQLite file, if they are missing."""
    Path(current_app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    database = db.engine.url
    if database.get_backend_name() == "sqlite" and database.database not in (None, "", ":memory:"):
        Path(database.database).parent.mkdir(parents=True, exist_ok=True)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date (a missing instance folder is created)."""
    _make_folders()
    migrate.upgrade(db.engine, revision)
    click.echo(str(T.DB_UPGRADED))


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Go back to an older schema revision."""
    migrate.downgrade(db.engine, revision)


@db_cli.command("current")
def db_current() -> None:
    """Show the schema revision of the database."""
    migrate.current(db.engine)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Autogenerate a migration from the models (developers)."""
    migrate.revision(db.engine, message)


kommune_cli = AppGroup("kommune", help="Municipalities.")


def _numbers(values: tuple[str, ...]) -> list[str]:
    """E.164 of each value, each once; a usage error for anything that is not a number."""
    out = []
    for value in values:
        number = phones.parse_or_none(value)
        if number is None:
            raise click.UsageError(T.NUMBER_INVALID(value=value))
        out.append(number)
    return list(dict.fromkeys(out))


@kommune_cli.command("add")
@click.argument("name")
@click.option(
    "--number", "numbers", multiple=True, required=True, help="Hotline number (E.164), repeatable."
)
@click.option("--state", default="NW", show_default=True, help="Federal state for public holidays.")
@click.option("--duty-phone", default=None, help="Staff phone for calls in office hours.")
@click.option("--language", "languages", multiple=True, default=("de",), show_default=True)
def kommune_add(
    name: str,
    numbers: tuple[str, ...],
    state: str,
    duty_phone: str | None,
    languages: tuple[str, ...],
) -> None:
    """Create a Kommune with its hotline number(s)."""
    session = db.session
    name = " ".join(name.split())
    longest = _longest(Kommune.name)
    if not name or len(name) > longest:
        raise click.UsageError(T.KOMMUNE_NAME(max=longest))
    state = state.upper()
    if state not in STATES:
        raise click.UsageError(T.STATE_INVALID(value=state))
    e164 = _numbers(numbers)
    duty = _numbers((duty_phone,))[0] if duty_phone else None
    try:
        codes = _language_codes(",".join(languages), option="language")
    except Failure as exc:
        raise click.UsageError(str(exc)) from None
    if Kommune.by_name(session, name) is not None:
        raise Failure(T.KOMMUNE_EXISTS(name=name))
    for number in e164:
        taken = session.scalar(select(HotlineNumber).where(HotlineNumber.number == number))
        if taken is not None:
            raise Failure(T.NUMBER_TAKEN(number=phones.national(number), name=taken.kommune.name))
    if duty is not None and (
        duty in e164
        or session.scalar(select(HotlineNumber.id).where(HotlineNumber.number == duty)) is not None
    ):
        raise click.UsageError(T.DUTY_IS_HOTLINE(number=phones.national(duty)))
    kommune = Kommune(name=name, state=state, duty_phone=duty, languages=codes)
    kommune.numbers = [HotlineNumber(number=n) for n in e164]
    session.add(kommune)
    session.commit()
    click.echo(T.KOMMUNE_ADDED(name=name, numbers=", ".join(phones.national(n) for n in e164)))


def _setting_error(option: str, message: str) -> Failure:
    """A value refused, in German, naming the option: "Fehler: --state: Bundesland …"."""
    return Failure(f"--{option}: {message}")


def _language_codes(raw: str, option: str = "languages") -> list[str]:
    """ "de,tr" (or names: "Deutsch, Türkisch") → codes with a catalog, German first."""
    available = available_languages()
    codes = ["de"]
    for part in raw.replace(";", ",").split(","):
        if not part.strip():
            continue
        code = parse_language(part)
        if code not in available:
            raise _setting_error(
                option,
                S.LANGUAGE_UNKNOWN(
                    value=part.strip(),
                    available=", ".join(S.language_name(c) for c in available),
                ),
            )
        codes.append(code)
    codes = list(dict.fromkeys(codes))
    if len(codes) > len(LANGUAGE_KEYS):
        raise _setting_error(option, S.LANGUAGES_TOO_MANY(max=len(LANGUAGE_KEYS)))
    return codes


def _duty_phones(values: tuple[str, ...]) -> list[str]:
    """Each --duty-phone (or a comma-separated list in one) as E.164, each once; an empty
    value clears them. None may be a hotline number."""
    found: list[str] = []
    for value in values:
        for part in value.replace(";", ",").split(","):
            if not part.strip():
                continue
            number = phones.parse_or_none(part)
            if number is None:
                raise _setting_error("duty-phone", S.DUTY_PHONE_INVALID(value=part.strip()))
            hotline = db.session.scalar(
                select(HotlineNumber.id).where(HotlineNumber.number == number)
            )
            if hotline is not None:
                raise _setting_error(
                    "duty-phone", S.DUTY_PHONE_IS_HOTLINE(number=phones.national(number))
                )
            found.append(number)
    found = list(dict.fromkeys(found))
    if len(found) > MAX_DUTY_PHONES:
        raise _setting_error("duty-phone", S.DUTY_PHONES_TOO_MANY(max=MAX_DUTY_PHONES))
    return found


def describe(kommune: Kommune) -> str:
    """A Kommune's line in one paragraph, as the command line shows it."""
    contact = kommune.contact_hours
    return (
        T.KOMMUNE_SETTINGS(
            name=kommune.name,
            greeting=kommune.spoken_name,
            office_hours=kommune.office_hours_text or "–",
            state=f"{kommune.state} ({S.STATES[kommune.state]})"
            if kommune.state in S.STATES
            else kommune.state,
            languages=", ".join(S.language_name(code) for code in kommune.languages),
            duty_phones=", ".join(phones.national(n) for n in kommune.duty_phones) or "–",
            contact_hours=f"{contact[0]}-{contact[1]}" if contact else str(T.CONTACT_HOURS_DEFAULT),
            countries=", ".join(kommune.outbound_countries or []) or str(T.COUNTRIES_DEFAULT),
            masked=str(T.MASKED_YES if kommune.mask_numbers else T.MASKED_NO),
        )
        + "\n"
        + T.ALLOWANCE(
            amount=money(kommune.allowance_cents)
            if kommune.allowance_cents
            else str(T.ALLOWANCE_NONE)
        )
    )


def _countries(raw: str) -> list[str] | None:
    """ "DE,AT" → ["DE", "AT"]: the countries whose numbers get SMS and calls; "" = default."""
    try:
        return phones.country_codes(raw) or None
    except ValueError as exc:
        raise _setting_error("countries", S.COUNTRY_UNKNOWN(value=str(exc))) from None


@kommune_cli.command("set")
@click.argument("name")
@click.option(
    "--office-hours", default=None, help='When the office is staffed: "Mo-Do 9-16, Fr 9-12".'
)
@click.option("--state", default=None, help="Federal state for public holidays (NW, BY, …).")
@click.option("--languages", default=None, help='Languages callers may hear: "de,tr".')
@click.option(
    "--duty-phone",
    "duty_phones",
    multiple=True,
    help='Staff phone(s) for "0" in office hours; repeatable or comma-separated; "" clears.',
)
@click.option(
    "--contact-hours", default=None, help='Hours people are phoned or texted: "8-20"; "" = default.'
)
@click.option("--greeting-name", default=None, help="Name said in the greeting.")
@click.option(
    "--countries",
    default=None,
    help='Countries whose numbers get SMS and calls: "DE,AT"; "" = default.',
)
@click.option(
    "--allowance",
    default=None,
    help='Allowance per hour of help for the statements, in euros: "5,50"; "" = none.',
)
@click.option(
    "--mask-numbers/--no-mask-numbers",
    default=None,
    help="Volunteers and clients call each other only through the hotline (default on).",
)
def kommune_set(
    name: str,
    office_hours: str | None,
    state: str | None,
    languages: str | None,
    duty_phones: tuple[str, ...],
    contact_hours: str | None,
    greeting_name: str | None,
    countries: str | None,
    allowance: str | None,
    mask_numbers: bool | None,
) -> None:
    """Set a Kommune's own line: office hours, Land, languages, duty phone(s), contact
    hours, the name in the greeting, the countries texted and called. Without options:
    show them."""
    session = db.session
    kommune = Kommune.by_name(session, name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=name))
    values: dict[str, Any] = {}
    if office_hours is not None:
        try:
            values["office_hours"] = week.office_hours(office_hours)
        except week.HoursError as exc:
            raise _setting_error("office-hours", S.hours_problem(exc.problem, exc.part)) from None
    if state is not None:
        code = state.strip().upper()
        if code not in STATES:
            raise _setting_error("state", S.STATE_UNKNOWN(value=state.strip()))
        values["state"] = code
    if languages is not None:
        values["languages"] = _language_codes(languages)
    if duty_phones:
        values["duty_phones"] = _duty_phones(duty_phones)
    if contact_hours is not None:
        if contact_hours.strip():
            try:
                values["contact_hours"] = list(week.hour_span(contact_hours))
            except week.HoursError as exc:
                raise _setting_error(
                    "contact-hours", S.hours_problem(exc.problem, exc.part or contact_hours)
                ) from None
        else:
            values["contact_hours"] = None
    if greeting_name is not None:
        spoken = " ".join(greeting_name.split())
        longest = _longest(Kommune.greeting_name)
        if len(spoken) > longest:
            raise _setting_error("greeting-name", S.GREETING_TOO_LONG(max=longest))
        values["greeting_name"] = spoken
    if countries is not None:
        values["outbound_countries"] = _countries(countries)
    if allowance is not None:
        try:
            values["allowance_cents"] = parse_euros(allowance)
        except ValueError:
            raise _setting_error("allowance", T.ALLOWANCE_INVALID(value=allowance)) from None
    if mask_numbers is not None:
        values["mask_numbers"] = mask_numbers
    changed = [key for key, value in values.items() if getattr(kommune, key) != value]
    for key in changed:
        setattr(kommune, key, values[key])
    if changed:
        session.add(
            AuditEntry(
                staff_user_id=None,
                kommune_id=kommune.id,
                action="update",
                subject_type="kommune",
                subject_id=kommune.id,
                detail={"fields": changed, "via": "cli"},
            )
        )
    session.commit()
    click.echo(describe(kommune))


@kommune_cli.command("list")
def kommune_list() -> None:
    """List Kommunen and their numbers."""
    for kommune in db.session.scalars(select(Kommune).order_by(Kommune.name)):
        numbers = ", ".join(phones.national(n.number) for n in kommune.numbers)
        click.echo(f"{kommune.name}\t{kommune.state}\t{numbers}")


staff_cli = AppGroup("staff", help="Staff accounts for the dashboard.")


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_password() -> str:
    """At a terminal: ask twice, hidden, until both agree and the password is long enough.
    Otherwise (a pipe, a script): the first line of standard input."""
    if not _stdin_is_terminal():
        return sys.stdin.readline().rstrip("\r\n")
    while True:
        password = click.prompt(str(T.STAFF_PASSWORD), hide_input=True)
        if len(password) < MIN_PASSWORD:
            click.echo(T.STAFF_PASSWORD_SHORT(min=MIN_PASSWORD), err=True)
        elif click.prompt(str(T.STAFF_PASSWORD_AGAIN), hide_input=True) != password:
            click.echo(str(T.STAFF_PASSWORD_MISMATCH), err=True)
        else:
            return password


@staff_cli.command("add")
@click.argument("email")
@click.option("--kommune", "kommune_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="", help="Display name.")
def staff_add(email: str, kommune_name: str, role: str, name: str) -> None:
    """Create a staff account. Asks for the password twice (or reads one line from stdin)."""
    session = db.session
    email = email.strip().lower()
    if not EMAIL.fullmatch(email) or len(email) > _longest(StaffUser.email):
        raise click.UsageError(T.STAFF_EMAIL(value=email))
    name = " ".join(name.split()) or email.split("@")[0]
    longest = _longest(StaffUser.name)
    if len(name) > longest:
        raise click.UsageError(T.STAFF_NAME_LONG(max=longest))
    kommune = Kommune.by_name(session, kommune_name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=kommune_name))
    if session.scalar(select(StaffUser).where(StaffUser.email == email)) is not None:
        raise Failure(T.STAFF_EXISTS(email=email))
    session.rollback()  # hold no lock while a person types
    password = _read_password()
    if len(password) < MIN_PASSWORD:
        raise Failure(T.STAFF_PASSWORD_SHORT(min=MIN_PASSWORD))
    user = StaffUser(email=email, name=name, role=role, kommune_id=kommune.id)
    user.set_password(password)
    session.add(user)
    session.commit()
    click.echo(T.STAFF_ADDED(email=email, role=role, kommune=kommune.name))


ban_cli = AppGroup(
    "ban", help="Numbers a Kommune does not serve (abuse): calls end, SMS unanswered."
)


def _kommune(name: str) -> Kommune:
    kommune = Kommune.by_name(db.session, name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=name))
    return kommune


def _audit_ban(kommune: Kommune, action: str, ban_id: int) -> None:
    """The command line writes the audit log as the system (no staff account)."""
    db.session.add(
        AuditEntry(kommune_id=kommune.id, action=action, subject_type="ban", subject_id=ban_id)
    )


@ban_cli.command("add")
@click.argument("number")
@click.option("--kommune", "kommune_name", required=True)
@click.option("--reason", default="", help="Why (shown to staff only).")
def ban_add(number: str, kommune_name: str, reason: str) -> None:
    """Ban NUMBER from the Kommune's line."""
    session = db.session
    e164 = _numbers((number,))[0]
    kommune = _kommune(kommune_name)
    if any(n.number == e164 for n in kommune.numbers):
        raise click.UsageError(T.BAN_HOTLINE(number=phones.national(e164)))
    if Ban.find(session, kommune.id, e164) is not None:
        raise Failure(T.BAN_EXISTS(number=phones.national(e164), kommune=kommune.name))
    ban = Ban(kommune_id=kommune.id, number=e164, reason=" ".join(reason.split())[:300])
    session.add(ban)
    session.flush()
    _audit_ban(kommune, "create", ban.id)
    session.commit()
    click.echo(T.BAN_ADDED(number=phones.national(e164), kommune=kommune.name))


@ban_cli.command("list")
@click.option("--kommune", "kommune_name", required=True)
def ban_list(kommune_name: str) -> None:
    """List the Kommune's banned numbers (number, since, reason)."""
    kommune = _kommune(kommune_name)
    found = list(
        db.session.scalars(
            select(Ban).where(Ban.kommune_id == kommune.id).order_by(Ban.created_at, Ban.id)
        )
    )
    if not found:
        click.echo(T.BAN_NONE(kommune=kommune.name))
    for ban in found:
        since = ban.created_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
        click.echo(f"{phones.national(ban.number)}\t{since}\t{ban.reason}")


@ban_cli.command("remove")
@click.argument("number")
@click.option("--kommune", "kommune_name", required=True)
def ban_remove(number: str, kommune_name: str) -> None:
    """Lift the ban of NUMBER."""
    session = db.session
    e164 = _numbers((number,))[0]
    kommune = _kommune(kommune_name)
    ban = Ban.find(session, kommune.id, e164)
    if ban is None:
        raise Failure(T.BAN_UNKNOWN(number=phones.national(e164), kommune=kommune.name))
    _audit_ban(kommune, "remove", ban.id)
    session.delete(ban)
    session.commit()
    click.echo(T.BAN_REMOVED(number=phones.national(e164), kommune=kommune.name))


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--kommune", "kommune_name", required=True)
@click.option("--dry-run", is_flag=True, help="Check and show what would change; save nothing.")
def import_people(path: Path, kommune_name: str, dry_run: bool) -> None:
    """Import people from a CSV file (errors per row; nothing half-imported)."""
    session = db.session
    kommune = Kommune.by_name(session, kommune_name)
    if kommune is None:
        raise Failure(T.KOMMUNE_UNKNOWN(name=kommune_name))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Failure(T.IMPORT_FILE_MISSING(path=str(path))) from None
    except OSError:
        raise Failure(T.IMPORT_FILE_UNREADABLE(path=str(path))) from None
    result = plan(session, kommune, data)
    for error in result.file_errors:
        click.echo(error, err=True)
    for row in result.error_rows:
        for error in row.errors:
            click.echo(T.IMPORT_ROW_ERROR(line=row.line, error=error), err=True)
    if not result.ok:
        raise Failure(result.summary())
    if dry_run:
        for row in result.rows:
            if row.action == "create":
                click.echo(T.IMPORT_ROW_NEW(line=row.line))
            elif row.action == "update":
                click.echo(T.IMPORT_ROW_CHANGES(line=row.line, fields=", ".join(row.changes)))
        click.echo(result.summary())
        click.echo(str(T.IMPORT_DRY_RUN))
        return
    result.apply(session)
    session.commit()
    click.echo(result.summary())


translations_cli = AppGroup("translations", help="Prompt catalogs (Babel).")


@translations_cli.command("extract")
def translations_extract() -> None:
    """Collect every sentence into prompts/messages.pot and merge it into each catalog."""
    from prompts import catalog

    count = catalog.extract_and_update()
    click.echo(f"{count} sentences in prompts/messages.pot (catalogs merged and compiled)")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile every catalog (messages.po) into the messages.mo the app reads."""
    from prompts import catalog

    click.echo("compiled: " + ", ".join(catalog.compile_all()))


@translations_cli.command("init")
@click.argument("lang")
def translations_init(lang: str) -> None:
    """Start an empty catalog for the language LANG (ISO code, e.g. ru)."""
    from prompts import catalog

    click.echo(str(catalog.init(lang)))
