"""The staff rota in Einstellungen: one shift a line, as people write office hours; a
line that cannot be read says so and nothing is saved; audited."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEntry
from tests.dashboard.test_settings import VALID


def test_the_rota_is_written_like_office_hours(session, admin, kommune):
    rota = "0152 28817390: Mo-Mi 9-13\n\n030 23125901: Sa 10-12, So 10-12"
    response = admin.post("/settings", {**VALID, "rota": rota})
    assert response.status_code in (302, 303)
    session.refresh(kommune)
    assert kommune.rota == [
        {
            "phone": "+4915228817390",
            "hours": {d: [["09:00", "13:00"]] for d in ("mon", "tue", "wed")},
        },
        {
            "phone": "+493023125901",
            "hours": {"sat": [["10:00", "12:00"]], "sun": [["10:00", "12:00"]]},
        },
    ]
    shown = admin.page("/settings").html.split('name="rota"')[1].split("</textarea>")[0]
    assert "01522 8817390: Mo-Mi 9-13" in shown and "030 23125901: Sa-So 10-12" in shown
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "kommune").order_by(AuditEntry.id)
    ).all()[-1]
    assert "rota" in audit.detail["fields"]


def test_an_unreadable_line_is_refused(session, admin, kommune):
    for bad, says in (
        ("Maria Mo-Fr 9-13", "Doppelpunkt"),
        ("0152 28817390: irgendwann", "0152 28817390: irgendwann"),
        ("030 23125000: Mo 9-12", "Hotline"),  # the hotline itself would ring
    ):
        response = admin.post("/settings", {**VALID, "rota": bad})
        assert response.status_code == 200 and says in response.get_data(as_text=True), bad
    session.refresh(kommune)
    assert kommune.rota == []
    admin.post("/settings", {**VALID, "rota": ""})
    session.refresh(kommune)
    assert kommune.rota == []
