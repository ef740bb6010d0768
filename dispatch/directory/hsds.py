"""Open Referral HSDS 3.0 tabular data packages: the directory out (``offers export --hsds
DIR``) and in (a folder or zip of its CSV files, through the same plan as a CSV import).

How an offer maps (README "HSDS mapping"):

=====================  =====================================================================
offer                  HSDS 3.0
=====================  =====================================================================
the offer              ``services.csv`` (id, name, description, url, email, status,
                       fees_description = cost, assured_date = zuletzt geprüft,
                       ``short_description``: an extra field, declared in datapackage.json)
organisation           ``organizations.csv``
address, accessibility ``locations.csv`` (physical), ``addresses.csv``,
                       ``service_at_location.csv``, ``accessibility.csv``
phone                  ``phones.csv`` (service_id)
opening hours          ``schedules.csv``: one weekly row per span (freq WEEKLY, byday,
                       opens_at, closes_at); a note without times as a row with a description
topics, target groups  ``taxonomies.csv``, ``taxonomy_terms.csv``, ``attributes.csv``
                       (link_entity service, link_type topic / target_group)
districts              ``service_areas.csv`` (name)
languages              ``languages.csv`` (code)
=====================  =====================================================================

Status: aktiv = active, pausiert = temporarily closed, eingestellt = defunct (inactive is
read as pausiert). Ids of services, organisations and terms are kept; the ids of the rows
that hang off a service are derived from its id, so exporting twice gives the same files.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Angebot, Kommune, TermKind
from prompts import directory as T

from .importer import MAX_ROWS, OfferImport, check_values, resolve
from .vocabulary import Vocabulary

#: Derived ids: uuid5 in this namespace of "<service id>/<what>".
NAMESPACE = uuid.UUID("6f1b7a52-3c1e-4c55-9d7e-8a4e0c1b2d30")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS_OUT = {"active": "active", "paused": "temporarily closed", "retired": "defunct"}
STATUS_IN = {
    "active": "active",
    "temporarily closed": "paused",
    "inactive": "paused",
    "defunct": "retired",
}
LINK_TYPE = {TermKind.TOPIC: "topic", TermKind.TARGET_GROUP: "target_group"}
TAXONOMY_NAME = {TermKind.TOPIC: "Themen", TermKind.TARGET_GROUP: "Zielgruppen"}

#: The files written, with their columns (HSDS 3.0, plus the extra field of services).
FILES: dict[str, tuple[str, ...]] = {
    "organizations.csv": (
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ),
    "services.csv": (
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
        "short_description",
    ),
    "locations.csv": (
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ),
    "addresses.csv": (
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "service_at_location.csv": ("id", "service_id", "location_id", "description"),
    "phones.csv": (
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ),
    "schedules.csv": (
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ),
    "taxonomies.csv": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms.csv": (
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ),
    "attributes.csv": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    "service_areas.csv": (
        "id",
        "service_id",
        "name",
        "description",
        "extent",
        "extent_type",
        "uri",
    ),
    "languages.csv": ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    "accessibility.csv": ("id", "location_id", "description", "details", "url"),
}


def derived(service_id: str, what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{service_id}/{what}"))


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# --- out --------------------------------------------------------------------------------------------


def export(session: Session, kommune: Kommune, target: Path) -> int:
    """Write the Kommune's offers (all states) as an HSDS 3.0 tabular data package into the
    folder ``target``; returns how many offers."""
    offers = list(
        session.scalars(
            select(Angebot)
            .where(Angebot.kommune_id == kommune.id)
            .options(
                selectinload(Angebot.organization),
                selectinload(Angebot.hours),
                selectinload(Angebot.terms),
                selectinload(Angebot.districts),
            )
            .order_by(Angebot.id)
        )
    )
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    taxonomy_ids = {
        kind: str(uuid.uuid5(NAMESPACE, f"{kommune.slug}/{kind}"))
        for kind in (TermKind.TOPIC, TermKind.TARGET_GROUP)
    }
    for kind, taxonomy_id in taxonomy_ids.items():
        rows["taxonomies.csv"].append(
            {
                "id": taxonomy_id,
                "name": TAXONOMY_NAME[kind],
                "description": f"{TAXONOMY_NAME[kind]} der Angebote in {kommune.name}",
            }
        )
    organizations: dict[int, Any] = {}
    terms: dict[int, Any] = {}
    for offer in offers:
        sid = offer.hsds_id
        if offer.organization is not None:
            organizations[offer.organization.id] = offer.organization
        rows["services.csv"].append(
            {
                "id": sid,
                "organization_id": offer.organization.hsds_id if offer.organization else "",
                "name": offer.name,
                "description": offer.description,
                "url": offer.website,
                "email": offer.email,
                "status": STATUS_OUT.get(offer.status, "active"),
                "fees_description": offer.cost,
                "assured_date": offer.checked_on.isoformat() if offer.checked_on else "",
                "last_modified": offer.updated_at.isoformat(timespec="milliseconds"),
                "short_description": offer.summary,
            }
        )
        location_id = derived(sid, "location")
        if offer.address or offer.accessibility:
            rows["locations.csv"].append(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": offer.organization.hsds_id if offer.organization else "",
                    "name": offer.name,
                }
            )
            rows["service_at_location.csv"].append(
                {
                    "id": derived(sid, "service_at_location"),
                    "service_id": sid,
                    "location_id": location_id,
                }
            )
        if offer.address:
            rows["addresses.csv"].append(
                {
                    "id": derived(sid, "address"),
                    "location_id": location_id,
                    "address_1": offer.street,
                    "city": offer.city,
                    "state_province": kommune.state,
                    "postal_code": offer.postal_code,
                    "country": "DE",
                    "address_type": "physical",
                }
            )
        if offer.accessibility:
            rows["accessibility.csv"].append(
                {
                    "id": derived(sid, "accessibility"),
                    "location_id": location_id,
                    "description": offer.accessibility,
                }
            )
        if offer.phone:
            rows["phones.csv"].append(
                {
                    "id": derived(sid, "phone"),
                    "service_id": sid,
                    "number": offer.phone,
                    "type": "voice",
                }
            )
        for weekday, opens, closes in sorted({(h.weekday, h.opens, h.closes) for h in offer.hours}):
            rows["schedules.csv"].append(
                {
                    "id": derived(sid, f"schedule/{weekday}/{opens}"),
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": DAYS[weekday],
                    "opens_at": _hhmm(opens),
                    "closes_at": _hhmm(closes),
                }
            )
        if offer.hours_note:
            rows["schedules.csv"].append(
                {
                    "id": derived(sid, "schedule/note"),
                    "service_id": sid,
                    "description": offer.hours_note,
                }
            )
        for term in offer.terms:
            terms[term.id] = term
            rows["attributes.csv"].append(
                {
                    "id": derived(sid, f"attribute/{term.hsds_id}"),
                    "link_id": sid,
                    "taxonomy_term_id": term.hsds_id,
                    "link_type": LINK_TYPE.get(term.kind, term.kind),
                    "link_entity": "service",
                }
            )
        for district in offer.districts:
            rows["service_areas.csv"].append(
                {
                    "id": derived(sid, f"area/{district.key}"),
                    "service_id": sid,
                    "name": district.name,
                    "extent_type": "text",
                }
            )
        for code in offer.languages:
            rows["languages.csv"].append(
                {"id": derived(sid, f"language/{code}"), "service_id": sid, "code": code}
            )
    for org in organizations.values():
        rows["organizations.csv"].append(
            {
                "id": org.hsds_id,
                "name": org.name,
                "description": org.description,
                "email": org.email,
                "website": org.website,
            }
        )
    for term in sorted(terms.values(), key=lambda t: (t.kind, t.position, t.id)):
        rows["taxonomy_terms.csv"].append(
            {
                "id": term.hsds_id,
                "code": term.code,
                "name": term.name,
                "description": term.name,
                "taxonomy": TAXONOMY_NAME.get(term.kind, term.kind),
                "language": "de",
                "taxonomy_id": taxonomy_ids.get(term.kind, ""),
            }
        )
    target.mkdir(parents=True, exist_ok=True)
    for name, columns in FILES.items():
        with (target / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="raise")
            writer.writeheader()
            for row in rows[name]:
                writer.writerow({c: row.get(c, "") for c in columns})
    (target / "datapackage.json").write_text(
        json.dumps(_descriptor(kommune), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return len(offers)


def _descriptor(kommune: Kommune) -> dict[str, Any]:
    resources = []
    for name, columns in FILES.items():
        fields = [{"name": c, "type": "string"} for c in columns]
        if name == "services.csv":
            fields[-1]["description"] = (
                "Nachbarruf: what the service is in one short sentence (read out by phone)."
            )
        resources.append(
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "profile": "tabular-data-resource",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    return {
        "name": f"nachbarruf-{kommune.slug}",
        "title": f"Angebote in {kommune.name}",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": resources,
    }


# --- in ---------------------------------------------------------------------------------------------


def read_folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir() if p.suffix == ".csv"}


def read_zip(data: bytes) -> dict[str, bytes]:
    """The CSV files of a zip (in any folder of it; the largest may be 200 MB unpacked)."""
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if name.endswith(".csv") and info.file_size < 200 * 1024 * 1024:
                files[name] = archive.read(info)
    return files


def plan_package(session: Session, kommune: Kommune, data: bytes) -> OfferImport:
    try:
        files = read_zip(data)
    except (zipfile.BadZipFile, OSError):
        result = OfferImport(kommune_id=kommune.id)
        result.file_errors.append(str(T.IMPORT_NOT_READABLE))
        return result
    return plan_files(session, kommune, files)


def _table(
    files: dict[str, bytes], name: str, errors: list[str]
) -> list[tuple[int, dict[str, str]]]:
    data = files.get(name)
    if data is None:
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(T.IMPORT_HSDS_FILE(file=name, error=str(T.IMPORT_NOT_READABLE)))
        return []
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        return [
            (line, {k: (v or "") for k, v in row.items() if k})
            for line, row in enumerate(reader, start=2)
        ]
    except csv.Error:
        errors.append(T.IMPORT_HSDS_FILE(file=name, error=str(T.IMPORT_NOT_READABLE)))
        return []


def plan_files(session: Session, kommune: Kommune, files: dict[str, bytes]) -> OfferImport:
    """What importing the package's CSV files (name → bytes) would do."""
    result = OfferImport(kommune_id=kommune.id)
    errors = result.file_errors
    if "services.csv" not in files:
        errors.append(str(T.IMPORT_NO_SERVICES))
        return result
    tables = {name: _table(files, name, errors) for name in FILES}
    if errors:
        return result
    if len(tables["services.csv"]) > MAX_ROWS:
        errors.append(T.IMPORT_TOO_BIG(max=MAX_ROWS))
        return result

    def by(name: str, key: str) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = defaultdict(list)
        for _, row in tables[name]:
            if row.get(key):
                out[row[key]].append(row)
        return out

    organizations = {row["id"]: row for _, row in tables["organizations.csv"]}
    locations_of = by("service_at_location.csv", "service_id")
    addresses = by("addresses.csv", "location_id")
    access = by("accessibility.csv", "location_id")
    phones_of = by("phones.csv", "service_id")
    schedules = by("schedules.csv", "service_id")
    areas = by("service_areas.csv", "service_id")
    languages = by("languages.csv", "service_id")
    attributes = by("attributes.csv", "link_id")
    taxonomies = {row["id"]: row.get("name", "") for _, row in tables["taxonomies.csv"]}
    terms = {row["id"]: row for _, row in tables["taxonomy_terms.csv"]}

    result.columns = {
        "name",
        "organization",
        "description",
        "summary",
        "topics",
        "target_groups",
        "districts",
        "street",
        "phone",
        "hours",
        "website",
        "email",
        "languages",
        "cost",
        "accessibility",
    }
    vocabulary = Vocabulary.load(session, kommune.id)
    for line, service in tables["services.csv"]:
        raw: dict[str, Any] = {
            "hsds_id": service.get("id", "").strip(),
            "name": service.get("name", ""),
            "description": service.get("description", ""),
            "summary": service.get("short_description", ""),
            "website": service.get("url", ""),
            "email": service.get("email", ""),
            "cost": service.get("fees_description", ""),
            "status": STATUS_IN.get(
                service.get("status", "").strip().lower(), service.get("status", "")
            ),
            "checked_on": service.get("assured_date", ""),
        }
        org = organizations.get(service.get("organization_id", ""))
        raw["organization"] = org.get("name", "") if org else ""
        if org:
            raw["organization_fields"] = {
                "hsds_id": org.get("id", ""),
                "description": org.get("description", ""),
                "website": org.get("website", "")[:300],
                "email": org.get("email", "")[:200],
            }
        raw["street"] = raw["postal_code"] = raw["city"] = raw["accessibility"] = ""
        for link in locations_of.get(raw["hsds_id"], [])[:1]:
            for address in addresses.get(link.get("location_id", ""), [])[:1]:
                raw["street"] = " ".join(
                    x for x in (address.get("address_1", ""), address.get("address_2", "")) if x
                )
                raw["postal_code"] = address.get("postal_code", "")
                raw["city"] = address.get("city", "")
            for item in access.get(link.get("location_id", ""), [])[:1]:
                raw["accessibility"] = item.get("description", "")
        numbers = phones_of.get(raw["hsds_id"], [])
        raw["phone"] = numbers[0].get("number", "") if numbers else ""
        hours: set[tuple[int, int, int]] = set()
        note = ""
        for schedule in schedules.get(raw["hsds_id"], []):
            spans = _schedule_spans(schedule)
            if spans is None:
                note = note or schedule.get("description", "")
            else:
                hours.update(spans)
        raw["hours"] = sorted(hours)
        raw["hours_note"] = note[:200]
        topics, groups = [], []
        for attribute in attributes.get(raw["hsds_id"], []):
            term = terms.get(attribute.get("taxonomy_term_id", ""))
            if term is None or attribute.get("link_entity", "service") not in ("service", ""):
                continue
            taxonomy = (
                term.get("taxonomy") or taxonomies.get(term.get("taxonomy_id", ""), "")
            ).lower()
            link_type = attribute.get("link_type", "").lower()
            item = (term.get("name", ""), term.get("id") or None)
            if link_type in ("target_group", "audience") or "ziel" in taxonomy:
                groups.append(item)
            else:
                topics.append(item)
        raw["topics"], raw["target_groups"] = topics, groups
        raw["districts"] = [
            a.get("name", "") for a in areas.get(raw["hsds_id"], []) if a.get("name")
        ]
        raw["languages"] = [
            x.get("code") or x.get("name", "") for x in languages.get(raw["hsds_id"], [])
        ]
        names = {"hsds_id": "services.csv id"}
        row = check_values(line, raw, names, vocabulary)
        result.rows.append(row)
    resolve(session, result, vocabulary)
    return result


def _minutes(text: str) -> int | None:
    text = text.strip()[:5]
    try:
        hours, minutes = (int(x) for x in text.split(":")[:2])
    except ValueError:
        return None
    if not (0 <= hours <= 24 and 0 <= minutes < 60):
        return None
    return hours * 60 + minutes


def _schedule_spans(schedule: dict[str, str]) -> list[tuple[int, int, int]] | None:
    """A weekly schedule row as (weekday, opens, closes) spans; ``None`` for a row without
    times (its description is a note)."""
    opens, closes = _minutes(schedule.get("opens_at", "")), _minutes(schedule.get("closes_at", ""))
    if opens is None or closes is None or closes <= opens:
        return None
    if schedule.get("freq", "WEEKLY").upper() not in ("WEEKLY", ""):
        return None
    days = [d.strip().upper()[-2:] for d in schedule.get("byday", "").split(",") if d.strip()]
    weekdays = [DAYS.index(d) for d in days if d in DAYS] or list(range(7))
    return [(day, opens, closes) for day in weekdays]
