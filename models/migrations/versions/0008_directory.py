"""the directory of offers (Angebote, HSDS 3.0), its full-text search, Kommune.slug

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01 05:14:40

Full text: on PostgreSQL the ``unaccent`` extension, an immutable ``nachbarruf_fold()``
(lower case, unaccent, ae/oe/ue read as a/o/u — the twin of models.folding.fold) and a
generated ``tsvector`` column with a GIN index; on SQLite an FTS5 table ``angebote_fts``
(rowid = angebote.id) that triggers keep in step with ``angebote``, folding with the
``nachbarruf_fold`` function the app registers on every connection.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from slugify import slugify

import models.base

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: German letters a URL writes out (as models.folding.slug).
URL_LETTERS = [['Ä', 'Ae'], ['Ö', 'Oe'], ['Ü', 'Ue'], ['ä', 'ae'], ['ö', 'oe'], ['ü', 'ue'], ['ß', 'ss']]

POSTGRES_SEARCH = (
    'CREATE EXTENSION IF NOT EXISTS unaccent',
    # unaccent() is only STABLE; with its dictionary named it may be declared IMMUTABLE,
    # which an index and a generated column need.
    """CREATE OR REPLACE FUNCTION nachbarruf_fold(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
       $$ SELECT replace(replace(replace(unaccent('unaccent'::regdictionary, lower($1)),
                 'ae', 'a'), 'oe', 'o'), 'ue', 'u') $$""",
    """ALTER TABLE angebote ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('german'::regconfig, nachbarruf_fold(search_title)), 'A') ||
         setweight(to_tsvector('german'::regconfig, nachbarruf_fold(search_text)), 'B')
       ) STORED""",
    'CREATE INDEX ix_angebote_search_vector ON angebote USING gin (search_vector)',
)

SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE angebote_fts USING fts5(
         title, body, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER angebote_fts_insert AFTER INSERT ON angebote BEGIN
         INSERT INTO angebote_fts (rowid, title, body)
         VALUES (new.id, nachbarruf_fold(new.search_title), nachbarruf_fold(new.search_text));
       END""",
    """CREATE TRIGGER angebote_fts_update AFTER UPDATE OF search_title, search_text ON angebote BEGIN
         DELETE FROM angebote_fts WHERE rowid = old.id;
         INSERT INTO angebote_fts (rowid, title, body)
         VALUES (new.id, nachbarruf_fold(new.search_title), nachbarruf_fold(new.search_text));
       END""",
    """CREATE TRIGGER angebote_fts_delete AFTER DELETE ON angebote BEGIN
         DELETE FROM angebote_fts WHERE rowid = old.id;
       END""",
)


def upgrade() -> None:
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_districts_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('kommune_id', 'key', name=op.f('uq_districts_kommune_id_key'))
    )
    op.create_table('info_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_info_searches_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_info_searches')),
    sa.UniqueConstraint('kommune_id', 'day', 'channel', 'topic_id', 'district', name=op.f('uq_info_searches_kommune_id_day_channel_topic_id_district'))
    )
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('hsds_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_organizations_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('kommune_id', 'hsds_id', name=op.f('uq_organizations_kommune_id_hsds_id'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index('ix_organizations_kommune_key', ['kommune_id', 'key'], unique=False)

    op.create_table('taxonomy_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('stems', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('hsds_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_taxonomy_terms_kommune_id_kommunen')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy_terms')),
    sa.UniqueConstraint('kommune_id', 'kind', 'code', name=op.f('uq_taxonomy_terms_kommune_id_kind_code'))
    )
    op.create_table('angebote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('hsds_id', sa.String(length=36), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('cost', sa.String(length=300), nullable=False),
    sa.Column('accessibility', sa.String(length=300), nullable=False),
    sa.Column('hours_note', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('search_title', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_angebote_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_angebote_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_angebote'))
    )
    with op.batch_alter_table('angebote', schema=None) as batch_op:
        batch_op.create_index('ix_angebote_kommune_hsds', ['kommune_id', 'hsds_id'], unique=True)
        batch_op.create_index('ix_angebote_kommune_key', ['kommune_id', 'key'], unique=False)
        batch_op.create_index('ix_angebote_kommune_status', ['kommune_id', 'status', 'name', 'id'], unique=False)

    op.create_table('angebot_districts',
    sa.Column('angebot_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['angebot_id'], ['angebote.id'], name=op.f('fk_angebot_districts_angebot_id_angebote'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_angebot_districts_district_id_districts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('angebot_id', 'district_id', name=op.f('pk_angebot_districts'))
    )
    with op.batch_alter_table('angebot_districts', schema=None) as batch_op:
        batch_op.create_index('ix_angebot_districts_district', ['district_id', 'angebot_id'], unique=False)

    op.create_table('angebot_hours',
    sa.Column('angebot_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Integer(), nullable=False),
    sa.Column('closes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['angebot_id'], ['angebote.id'], name=op.f('fk_angebot_hours_angebot_id_angebote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('angebot_id', 'weekday', 'opens', name=op.f('pk_angebot_hours'))
    )
    with op.batch_alter_table('angebot_hours', schema=None) as batch_op:
        batch_op.create_index('ix_angebot_hours_weekday', ['weekday', 'opens', 'closes', 'angebot_id'], unique=False)

    op.create_table('angebot_terms',
    sa.Column('angebot_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['angebot_id'], ['angebote.id'], name=op.f('fk_angebot_terms_angebot_id_angebote'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_terms.id'], name=op.f('fk_angebot_terms_term_id_taxonomy_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('angebot_id', 'term_id', name=op.f('pk_angebot_terms'))
    )
    with op.batch_alter_table('angebot_terms', schema=None) as batch_op:
        batch_op.create_index('ix_angebot_terms_term', ['term_id', 'angebot_id'], unique=False)

    op.create_table('volunteer_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommunen.id'], name=op.f('fk_volunteer_signups_kommune_id_kommunen')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_volunteer_signups_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_signups'))
    )
    with op.batch_alter_table('volunteer_signups', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_signups_phone', ['kommune_id', 'phone', 'created_at'], unique=False)

    # Kommune.slug: added empty, filled from the name, then required and unique.
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=80), nullable=True))
    conn = op.get_bind()
    taken: set[str] = set()
    for kommune_id, name in conn.execute(sa.text('SELECT id, name FROM kommunen ORDER BY id')):
        slug = slugify(name, replacements=URL_LETTERS, max_length=80) or 'kommune'
        if slug in taken:
            slug = f'{slug[:70]}-{kommune_id}'
        taken.add(slug)
        conn.execute(sa.text('UPDATE kommunen SET slug = :slug WHERE id = :id'), {'slug': slug, 'id': kommune_id})
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_kommunen_slug'), ['slug'])

    if conn.dialect.name == 'postgresql':
        for statement in POSTGRES_SEARCH:
            op.execute(statement)
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)



def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_angebote_search_vector')
        op.execute('ALTER TABLE angebote DROP COLUMN IF EXISTS search_vector')
        op.execute('DROP FUNCTION IF EXISTS nachbarruf_fold(text)')
    else:
        for name in ('angebote_fts_insert', 'angebote_fts_update', 'angebote_fts_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
        op.execute('DROP TABLE IF EXISTS angebote_fts')
    with op.batch_alter_table('kommunen', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_kommunen_slug'), type_='unique')
        batch_op.drop_column('slug')

    with op.batch_alter_table('angebot_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_angebot_terms_term')

    op.drop_table('volunteer_signups')
    op.drop_table('angebot_terms')
    op.drop_table('angebot_hours')
    with op.batch_alter_table('angebot_districts', schema=None) as batch_op:
        batch_op.drop_index('ix_angebot_districts_district')

    op.drop_table('angebot_districts')
    with op.batch_alter_table('angebote', schema=None) as batch_op:
        batch_op.drop_index('ix_angebote_kommune_status')
        batch_op.drop_index('ix_angebote_kommune_key')
        batch_op.drop_index('ix_angebote_kommune_hsds')

    op.drop_table('angebote')
    op.drop_table('taxonomy_terms')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index('ix_organizations_kommune_key')

    op.drop_table('organizations')
    op.drop_table('info_searches')
    op.drop_table('districts')
