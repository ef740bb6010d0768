"""Operator commands (``cli/admin.py``) as the operator contract in DESIGN.md describes them.

The commands run in-process through Flask's CLI runner inside the test's app context, so
their ``db.session`` is the test session: what they commit is rolled back after the test.
``db upgrade`` gets a fresh database of its own, and one test runs the installed
``nachbarruf`` script in a real process with a real pipe for the password.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import Result
from flask import Flask
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from app import create_app
from models import AuditEntry, HotlineNumber, Kommune, Person, StaffUser, db, migrate
from models.base import Base
from prompts import available_languages
from prompts import cli as T
from prompts import people as P
from prompts import settings as S
from tests.conftest import HOTLINE, POSTGRES_URL, _postgres_database, app_config

#: The languages a Kommune may offer (those with a catalog), as a refusal names them.
AVAILABLE = ", ".join(S.language_name(code) for code in available_languages())

PASSWORD = "sehr-geheimes-passwort"
PEOPLE_CSV = (
    "Rolle;Name;Telefon;Ortsteil;Kategorien;Sprachen;Bemerkungen\r\n"
    "Seniorin;Erika Musterfrau;030 23125001;Südstadt;;de;Hört schlecht\r\n"
    "Helfer;Max Mustermann;0152 28817301;Altstadt;Einkaufen, Gassi;de;\r\n"
)

Run = Callable[..., Result]


@pytest.fixture
def run(app: Flask, session: Session) -> Run:
    """``run("kommune add Musterstadt --number '030 23125000'", input=...)``: the command as
    an operator types it (extra arguments are appended as they are); returns the result."""
    runner = app.test_cli_runner()

    def invoke(command: str, *args: str, input: str | None = None) -> Result:
        result = runner.invoke(args=[*shlex.split(command), *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def succeeded(result: Result) -> list[str]:
    """The lines on stdout, after checking that the command exited 0 and said nothing on
    stderr."""
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout.splitlines()


def failed(result: Result, code: int = 1) -> list[str]:
    """The lines on stderr, after checking the exit code and that stdout stayed empty."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    return result.stderr.splitlines()


def count(session: Session, model: type[Any]) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_commands_commit_into_the_test_transaction(run: Run, session: Session, app: Flask) -> None:
    """The command's commit is visible to the test, but not outside its transaction."""
    succeeded(run("kommune add Beispielhausen --number +493023125010"))

    assert Kommune.by_name(session, "Beispielhausen") is not None
    outside = app.extensions["nachbarruf.db"].engine.raw_connection()
    try:
        cursor = outside.cursor()
        cursor.execute("SELECT name FROM kommunen")
        assert cursor.fetchall() == []
    finally:
        outside.close()


# --- kommune add --------------------------------------------------------------------------


def test_kommune_add(run: Run, session: Session) -> None:
    out = succeeded(
        run(
            "kommune add '  Beispiel   hausen ' --number '030 23125010' --number '+49 30 23125011'"
            " --number '0049 30 23125010' --state by --duty-phone '0152 28817390'"
        )
    )

    numbers = "030 23125010, 030 23125011"
    assert out == [T.KOMMUNE_ADDED(name="Beispiel hausen", numbers=numbers)]
    kommune = Kommune.by_name(session, "beispiel hausen")
    assert kommune is not None
    assert [n.number for n in kommune.numbers] == ["+493023125010", "+493023125011"]
    assert (kommune.state, kommune.duty_phone) == ("BY", "+4915228817390")
    assert kommune.languages == ["de"]


def test_kommune_add_with_defaults_and_languages(run: Run, session: Session) -> None:
    succeeded(
        run("kommune add Beispielhausen --number +493023125010 --language de --language Türkisch")
    )

    kommune = Kommune.by_name(session, "Beispielhausen")
    assert kommune is not None
    assert (kommune.state, kommune.duty_phone, kommune.languages) == ("NW", None, ["de", "tr"])


def test_kommune_add_with_the_new_languages(run: Run, session: Session) -> None:
    succeeded(
        run("kommune add Beispielhausen --number +493023125010 --language ru,Ukrainisch,Arabisch")
    )
    kommune = Kommune.by_name(session, "Beispielhausen")
    assert kommune is not None and kommune.languages == ["de", "ru", "uk", "ar"]


NEW = "--number +493023125010"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param("Beispielhausen --number 12345", T.NUMBER_INVALID(value="12345"), id="number"),
        pytest.param(f"Beispielhausen {NEW} --state XX", T.STATE_INVALID(value="XX"), id="state"),
        pytest.param(
            f"Beispielhausen {NEW} --duty-phone 0800", T.NUMBER_INVALID(value="0800"), id="duty"
        ),
        pytest.param(
            f"Beispielhausen {NEW} --duty-phone '030 23125010'",
            T.DUTY_IS_HOTLINE(number="030 23125010"),
            id="duty-loop",
        ),
        pytest.param(
            f"Beispielhausen {NEW} --duty-phone {HOTLINE}",
            T.DUTY_IS_HOTLINE(number="030 23125000"),
            id="duty-other-hotline",
        ),
        pytest.param(f"'   ' {NEW}", T.KOMMUNE_NAME(max=120), id="no-name"),
        pytest.param(f"{'B' * 121} {NEW}", T.KOMMUNE_NAME(max=120), id="long-name"),
        pytest.param(
            f"Beispielhausen {NEW} --language Elbisch",
            "--language: " + S.LANGUAGE_UNKNOWN(value="Elbisch", available=AVAILABLE),
            id="language",
        ),
        pytest.param(
            f"Beispielhausen {NEW} --language fr",  # a language, but nothing to say in it
            "--language: " + S.LANGUAGE_UNKNOWN(value="fr", available=AVAILABLE),
            id="language-without-catalog",
        ),
        pytest.param(
            f"Beispielhausen {NEW} --language tr --language ru --language uk --language ar",
            "--language: " + S.LANGUAGES_TOO_MANY(max=4),
            id="five-languages",
        ),
    ],
)
def test_kommune_add_refuses_bad_arguments(
    run: Run, session: Session, kommune: Kommune, args: str, message: str
) -> None:
    err = failed(run(f"kommune add {args}"), code=2)

    assert f"Error: {message}" in err  # click's usage error, after the usage line
    assert count(session, Kommune) == 1
    assert count(session, HotlineNumber) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(f"' musterSTADT' {NEW}", T.KOMMUNE_EXISTS(name="musterSTADT"), id="name"),
        pytest.param(
            f"Beispielhausen {NEW} --number '030 23125000'",
            T.NUMBER_TAKEN(number="030 23125000", name="Musterstadt"),
            id="number",
        ),
    ],
)
def test_kommune_add_refuses_what_exists(
    run: Run, session: Session, kommune: Kommune, args: str, message: str
) -> None:
    err = failed(run(f"kommune add {args}"))

    assert err == [T.FAILED(message=message)]
    assert count(session, Kommune) == 1
    assert count(session, HotlineNumber) == 1


def test_kommune_list(run: Run, kommune: Kommune) -> None:
    assert succeeded(run("kommune list")) == ["Musterstadt\tNW\t030 23125000"]


# --- staff add ----------------------------------------------------------------------------

ADD_ADMIN = "staff add leitung@musterstadt.example --kommune Musterstadt --role admin"


def staff(session: Session) -> list[StaffUser]:
    session.expire_all()
    return list(session.scalars(select(StaffUser).order_by(StaffUser.id)))


@pytest.mark.parametrize("line_end", ["\n", "\r\n", ""])
def test_staff_add_reads_the_password_from_a_pipe(
    run: Run, session: Session, kommune: Kommune, line_end: str
) -> None:
    out = succeeded(
        run(
            "staff add ' Koordination@Musterstadt.example ' --kommune musterstadt"
            " --role coordinator",
            input=PASSWORD + line_end,
        )
    )

    email = "koordination@musterstadt.example"
    assert out == [T.STAFF_ADDED(email=email, role="coordinator", kommune="Musterstadt")]
    (user,) = staff(session)
    assert (user.email, user.name, user.role, user.kommune_id, user.active) == (
        email,
        "koordination",
        "coordinator",
        kommune.id,
        True,
    )
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + " ")


def test_staff_add_admin_with_a_name(run: Run, session: Session, kommune: Kommune) -> None:
    succeeded(run(f"{ADD_ADMIN} --name 'Erika  Musterfrau'", input=PASSWORD))

    (user,) = staff(session)
    assert (user.name, user.role, user.is_admin) == ("Erika Musterfrau", "admin", True)


@pytest.mark.parametrize(
    ("command", "stdin", "message"),
    [
        pytest.param(ADD_ADMIN, "zu-kurz\n", T.STAFF_PASSWORD_SHORT(min=10), id="short"),
        pytest.param(ADD_ADMIN, "", T.STAFF_PASSWORD_SHORT(min=10), id="no-stdin"),
        pytest.param(
            ADD_ADMIN.replace("Musterstadt", "Beispielhausen"),
            PASSWORD,
            T.KOMMUNE_UNKNOWN(name="Beispielhausen"),
            id="kommune",
        ),
    ],
)
def test_staff_add_fails(
    run: Run, session: Session, kommune: Kommune, command: str, stdin: str, message: str
) -> None:
    err = failed(run(command, input=stdin))

    assert err == [T.FAILED(message=message)]
    assert staff(session) == []


@pytest.mark.parametrize(
    ("command", "message"),
    [
        pytest.param(
            ADD_ADMIN.replace("admin", "chef"),
            "'chef' is not one of 'admin', 'coordinator'",
            id="role",
        ),
        pytest.param(f"{ADD_ADMIN} --name {'N' * 121}", T.STAFF_NAME_LONG(max=120), id="name"),
        *(
            pytest.param(
                f"staff add '{email}' --kommune Musterstadt --role admin",
                T.STAFF_EMAIL(value=email),
                id=f"email-{i}",
            )
            for i, email in enumerate(
                ["leitung", "leitung@musterstadt", "a b@c.de", "x" * 190 + "@example.org"]
            )
        ),
    ],
)
def test_staff_add_refuses_bad_arguments(
    run: Run, session: Session, kommune: Kommune, command: str, message: str
) -> None:
    err = failed(run(command, input=PASSWORD), code=2)

    assert any(message in line for line in err), err
    assert staff(session) == []


def test_staff_add_refuses_a_second_account_for_one_email(
    run: Run, session: Session, make_staff: Callable[..., StaffUser]
) -> None:
    first = make_staff("koordination@musterstadt.example")

    err = failed(
        run(
            "staff add KOORDINATION@musterstadt.example --kommune Musterstadt --role admin",
            input="ein-anderes-passwort\n",
        )
    )

    assert err == [T.FAILED(message=T.STAFF_EXISTS(email="koordination@musterstadt.example"))]
    assert staff(session) == [first]
    assert first.check_password("sehr-geheimes-passwort")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is a terminal: the command asks (the runner types the input)."""
    monkeypatch.setattr("cli.admin._stdin_is_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
def test_staff_add_asks_twice_at_a_terminal(run: Run, session: Session, kommune: Kommune) -> None:
    typed = [
        "kurz",  # too short: asked again
        "erstes-passwort-1",
        "zweites-passwort-2",  # the two do not agree: asked again
        PASSWORD,
        PASSWORD,
    ]

    result = run(ADD_ADMIN, input="\n".join(typed) + "\n")

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        T.STAFF_PASSWORD_SHORT(min=10),
        str(T.STAFF_PASSWORD_MISMATCH),
    ]
    prompts = [line for line in result.stdout.splitlines() if line.startswith("Passwort")]
    assert prompts == ["Passwort: "] + ["Passwort: ", "Passwort wiederholen: "] * 2
    assert not any(password in result.output for password in typed)
    (user,) = staff(session)
    assert user.check_password(PASSWORD)


@pytest.mark.usefixtures("terminal")
def test_staff_add_at_a_terminal_can_be_left(run: Run, session: Session, kommune: Kommune) -> None:
    result = run(ADD_ADMIN, input=PASSWORD + "\n")  # then Ctrl+D instead of the repetition

    assert result.exit_code == 1
    assert staff(session) == []


# --- import -------------------------------------------------------------------------------


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "personen.csv"
    path.write_bytes(PEOPLE_CSV.encode("cp1252"))
    return path


def people(session: Session) -> list[tuple[str, str, bool, bool]]:
    session.expire_all()
    rows = session.scalars(select(Person).order_by(Person.phone))
    return [(p.phone, p.name, p.is_client, p.is_volunteer) for p in rows]


IMPORTED = [
    ("+4915228817301", "Max Mustermann", False, True),
    ("+493023125001", "Erika Musterfrau", True, False),
]


def test_import(run: Run, session: Session, kommune: Kommune, people_file: Path) -> None:
    out = succeeded(run("import --kommune musterstadt", str(people_file)))

    assert out == [P.RESULT(created=2, updated=0, unchanged=0)]
    assert people(session) == IMPORTED
    imports = session.scalars(select(AuditEntry).where(AuditEntry.action == "import"))
    assert [e.detail for e in imports] == [{"created": 2, "updated": 0, "unchanged": 0}]


def test_import_twice_reports_everything_unchanged(
    run: Run, session: Session, kommune: Kommune, people_file: Path
) -> None:
    succeeded(run("import --kommune Musterstadt", str(people_file)))

    out = succeeded(run("import --kommune Musterstadt", str(people_file)))

    assert out == [P.RESULT(created=0, updated=0, unchanged=2)]
    assert people(session) == IMPORTED


def test_import_dry_run_saves_nothing(
    run: Run, session: Session, kommune: Kommune, people_file: Path, tmp_path: Path
) -> None:
    succeeded(run("import --kommune Musterstadt", str(people_file)))
    changed = tmp_path / "geaendert.csv"
    changed.write_text(
        PEOPLE_CSV.replace("Südstadt;;de;Hört schlecht", "Nordstadt;;de;")
        + "Seniorin;Gabi Beispiel;030 23125002;Altstadt;;de;\r\n",
        encoding="utf-8-sig",
    )
    audit_entries = count(session, AuditEntry)

    out = succeeded(run("import --kommune Musterstadt --dry-run", str(changed)))

    assert out == [
        T.IMPORT_ROW_CHANGES(line=2, fields="district, notes"),
        T.IMPORT_ROW_NEW(line=4),
        P.RESULT(created=1, updated=1, unchanged=1),
        str(T.IMPORT_DRY_RUN),
    ]
    assert people(session) == IMPORTED
    assert count(session, AuditEntry) == audit_entries


def test_import_of_a_broken_file_names_each_row_and_imports_nothing(
    run: Run, session: Session, kommune: Kommune, tmp_path: Path
) -> None:
    broken = tmp_path / "kaputt.csv"
    broken.write_text(
        PEOPLE_CSV
        + "Seniorin;Gabi Beispiel;12;Altstadt;;de;\r\n"
        + "Helfer;Otto Normalverbraucher;0152 28817302;Altstadt\r\n",
        encoding="utf-8",
    )

    err = failed(run("import --kommune Musterstadt", str(broken)))

    assert err == [
        T.IMPORT_ROW_ERROR(line=4, error=P.ROW_PHONE(value="12")),
        T.IMPORT_ROW_ERROR(line=5, error=P.ROW_COLUMNS(found=4, expected=7)),
        T.FAILED(message=P.RESULT_ERRORS(count=2)),
    ]
    assert people(session) == []
    assert count(session, AuditEntry) == 0


@pytest.mark.parametrize("options", ["", "--dry-run"])
def test_import_of_a_file_with_a_bad_header(
    run: Run, session: Session, kommune: Kommune, tmp_path: Path, options: str
) -> None:
    wrong = tmp_path / "falsch.csv"
    wrong.write_text("Name;Telefon\r\nErika Musterfrau;030 23125001\r\n", encoding="utf-8")

    err = failed(run(f"import --kommune Musterstadt {options}", str(wrong)))

    missing = "role, district, categories, languages, notes"
    assert err == [
        P.IMPORT_MISSING_COLUMNS(columns=missing),
        T.FAILED(message=str(P.RESULT_FILE_ERRORS)),
    ]
    assert people(session) == []


def test_import_into_an_unknown_kommune(
    run: Run, session: Session, kommune: Kommune, people_file: Path
) -> None:
    err = failed(run("import --kommune Beispielhausen", str(people_file)))

    assert err == [T.FAILED(message=T.KOMMUNE_UNKNOWN(name="Beispielhausen"))]
    assert people(session) == []


@pytest.mark.parametrize("what", ["missing", "directory"])
def test_import_of_no_file(run: Run, kommune: Kommune, tmp_path: Path, what: str) -> None:
    path = tmp_path / "fehlt.csv" if what == "missing" else tmp_path

    err = failed(run("import --kommune Musterstadt", str(path)))

    prompt = T.IMPORT_FILE_MISSING if what == "missing" else T.IMPORT_FILE_UNREADABLE
    assert err == [T.FAILED(message=prompt(path=str(path)))]


# --- db upgrade ---------------------------------------------------------------------------


@pytest.fixture
def empty_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database of its own with no schema yet (no test session around)."""
    if backend == "postgresql":
        url = _postgres_database(POSTGRES_URL + "_upgrade")
    else:
        url = f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
    application = create_app(app_config(url, tmp_path / "instance", TELEPHONY="sandbox"))
    yield application
    application.extensions["nachbarruf.db"].engine.dispose()


def test_db_upgrade_builds_the_schema_and_is_idempotent(empty_app: Flask) -> None:
    runner = empty_app.test_cli_runner()

    first = runner.invoke(args=["db", "upgrade"])
    second = runner.invoke(args=["db", "upgrade"])

    assert [succeeded(first), succeeded(second)] == [[str(T.DB_UPGRADED)]] * 2
    with empty_app.app_context():
        engine = db.engine
        head = ScriptDirectory.from_config(migrate.alembic_config(engine)).get_current_head()
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        tables = set(inspect(engine).get_table_names())
    assert versions == [head]
    assert {"kommunen", "hotline_numbers", "people", "staff_users", "audit_entries"} <= tables


def test_the_migrations_build_what_the_models_describe(empty_app: Flask) -> None:
    with empty_app.app_context():
        migrate.upgrade(db.engine)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": migrate.include_name})
            drift = compare_metadata(context, Base.metadata)
    assert drift == []


# --- the installed command, in a real process ---------------------------------------------


@pytest.mark.slow
def test_the_nachbarruf_command_end_to_end(tmp_path: Path, people_file: Path) -> None:
    """What an operator types: the console script, a pipe for the password, exit codes."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'nachbarruf.sqlite3'}",
        "NACHBARRUF_INSTANCE": str(tmp_path / "instance"),
        "TELEPHONY": "sandbox",
        "SECRET_KEY": "test-secret-key",
    }
    script = Path(sys.executable).with_name("nachbarruf")

    def nachbarruf(command: str, *args: str, stdin: str = "") -> tuple[int, str, str]:
        done = subprocess.run(
            [str(script), *shlex.split(command), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    assert nachbarruf("db upgrade")[0] == 0
    assert nachbarruf("kommune add Musterstadt --number +493023125000")[:2] == (
        0,
        T.KOMMUNE_ADDED(name="Musterstadt", numbers="030 23125000") + "\n",
    )
    code, _, err = nachbarruf(ADD_ADMIN, stdin=PASSWORD + "\n")
    assert code == 0, err
    assert nachbarruf("import --kommune Musterstadt", str(people_file))[:2] == (
        0,
        P.RESULT(created=2, updated=0, unchanged=0) + "\n",
    )
    assert nachbarruf("kommune add Musterstadt --number +493023125001") == (
        1,
        "",
        T.FAILED(message=T.KOMMUNE_EXISTS(name="Musterstadt")) + "\n",
    )
