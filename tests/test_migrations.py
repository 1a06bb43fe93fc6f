"""Migrations: one head, the migrated schema equals the models, down to base and up again with rows."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from provenance.errors import SchemaOutOfDateError
from provenance.store import migrations
from provenance.store.database import make_engine, resolve_url
from provenance.store.models import Base, is_title_search_object


def test_there_is_exactly_one_head() -> None:
    scripts = ScriptDirectory.from_config(migrations.alembic_config(make_engine(resolve_url("sqlite://"))))
    assert len(scripts.get_heads()) == 1


def test_the_head_read_from_the_scripts_is_alembics_head() -> None:
    # ensure_schema skips loading Alembic when a database is on the scripts' head: it must be the real head.
    assert migrations.script_head() == migrations.head_revision()


def test_migrated_schema_equals_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, parent: not is_title_search_object(name),
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_up_again_with_rows_present(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO outlets (name, key, created_at) VALUES ('X', 'x', CURRENT_TIMESTAMP)"))
    migrations.downgrade(engine, "base")
    assert migrations.current_revision(engine) is None
    assert "outlets" not in inspect(engine).get_table_names()
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_an_empty_database_is_migrated_on_first_use(empty_db_url: str) -> None:
    engine = make_engine(resolve_url(empty_db_url))
    assert migrations.current_revision(engine) is None
    migrations.ensure_schema(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()


def test_an_old_schema_is_refused_with_what_to_do(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    try:
        migrations.ensure_schema(engine)
    except SchemaOutOfDateError as e:
        assert "newer than this provenance knows" in str(e)
    else:
        raise AssertionError("a schema from the future was accepted")
