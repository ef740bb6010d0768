"""Alembic, configured in code (no alembic.ini): used by ``nachbarruf db …`` and tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """What comparing the models with the database looks at: everything but the
    directory's full-text objects, which only the migrations describe (the FTS5 table and
    its shadow tables on SQLite, the tsvector column and its index on PostgreSQL)."""
    from .angebot import SEARCH_OBJECTS

    return not (name and name.startswith(SEARCH_OBJECTS))


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _run(engine: Engine, fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A migration may rewrite a big table: the engine's statement timeout (meant
            # for webhooks) does not apply to it.
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        cfg.attributes["connection"] = connection
        fn(cfg, *args, **kwargs)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``."""
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models (for developers)."""
    _run(engine, command.revision, message=message, autogenerate=True)


def current(engine: Engine) -> None:
    _run(engine, command.current, verbose=False)
