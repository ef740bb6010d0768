"""Gesperrte Nummern: admins ban and unban numbers of their Kommune, every change audited."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEntry, Ban
from prompts import dashboard as T


def test_an_admin_bans_and_unbans_a_number(session, admin, admin_user, kommune, phone):
    page = admin.page("/")
    assert "Gesperrte Nummern" in page and "/bans" in page.links
    page = admin.page("/bans")
    assert page.status == 200 and "Keine Nummer gesperrt." in page

    response = admin.post("/bans", {"number": "0152 28817399", "reason": "Scherzanrufe"})
    page = admin.follow(response)
    assert T.BAN_ADDED(number="01522 8817399") in page
    assert "01522 8817399" in page and "Scherzanrufe" in page and admin_user.name in page
    ban = session.scalars(select(Ban)).one()
    assert (ban.number, ban.kommune_id, ban.created_by) == (
        "+4915228817399",
        kommune.id,
        f"staff:{admin_user.id}",
    )

    caller = phone("+4915228817399")
    caller.call()
    assert caller.ended and "nicht angenommen" in caller.heard

    again = admin.post("/bans", {"number": "+4915228817399", "reason": ""})
    assert again.status_code == 200 and str(T.BAN_EXISTS) in again.get_data(as_text=True)
    assert admin.post("/bans", {"number": "12", "reason": ""}).status_code == 200
    assert len(session.scalars(select(Ban)).all()) == 1

    page = admin.follow(admin.post(f"/bans/{ban.id}/remove"))
    assert T.BAN_REMOVED(number="01522 8817399") in page and "Keine Nummer gesperrt." in page
    session.expire_all()
    assert session.scalars(select(Ban)).all() == []
    audited = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.subject_type == "ban", AuditEntry.action != "view")
        .order_by(AuditEntry.id)
    ).all()
    assert audited == ["create", "remove"]
    assert "Gesperrte Nummer" in admin.page("/audit")


def test_only_admins_of_the_kommune(session, coordinator, admin, other_kommune):
    assert coordinator.get("/bans").status_code == 403
    assert coordinator.post("/bans", {"number": "015228817399"}).status_code == 403
    foreign = Ban(kommune_id=other_kommune.id, number="+4915228817398")
    session.add(foreign)
    session.commit()
    assert "01522 8817398" not in admin.page("/bans")
    assert admin.post(f"/bans/{foreign.id}/remove").status_code == 404
    assert admin.post("/bans/999999/remove").status_code == 404
    assert admin.post(f"/bans/{foreign.id}/remove", csrf=False).status_code in (400, 404)
