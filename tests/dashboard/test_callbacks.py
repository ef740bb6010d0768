"""The callback list on Heute: a voicemail waits with who, when, what was said and the
recording; staff claim it ("Ich rufe zurück") and record how it went — "not reached" keeps
it on the list, only "reached" or "done" take it off; every step is audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from models import AuditEntry, Call, CallbackAttempt, CallEvent
from models import base as model_base
from prompts import dashboard as T


def _voicemail(session, kommune, make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125150")
    call = Call(
        kommune_id=kommune.id,
        direction="inbound",
        sid="CAcb1",
        from_number=erika.phone,
        person_id=erika.id,
        status="completed",
        outcome="voicemail",
        needs_callback=True,
    )
    session.add(call)
    session.flush()
    session.add(
        CallEvent(call_id=call.id, seq=1, step="voicemail", speech="Bitte rufen Sie mich an")
    )
    session.commit()
    return call


def _card(page, call):
    return page.html.split(f'id="callback-{call.id}"')[1].split("</li>")[0]


def test_a_voicemail_leaves_the_list_only_with_an_outcome(
    session, coordinator, coordinator_user, kommune, make_person
):
    call = _voicemail(session, kommune, make_person)
    model_base.travel(timedelta(minutes=50))
    card = _card(coordinator.page("/"), call)
    assert "Erika Musterfrau" in card and "Bitte rufen Sie mich an" in card
    assert "wartet seit" in card and "vor 50 Minuten" in card

    response = coordinator.post(f"/calls/{call.id}/callback-claim", {"back": "today"})
    assert response.headers["Location"] == "/"
    session.expire_all()
    assert call.callback_claimed_by_id == coordinator_user.id
    card = _card(coordinator.page("/"), call)
    assert (
        T.CALLBACK_CLAIMED_BY(name=coordinator_user.name, age="gerade eben").split(" (")[0] in card
    )

    coordinator.post(
        f"/calls/{call.id}/callback-outcome",
        {"outcome": "not_reached", "note": "Anrufbeantworter", "back": "today"},
    )
    session.expire_all()
    assert call.needs_callback is True and call.callback_claimed_by_id is None
    card = _card(coordinator.page("/"), call)
    assert "Nicht erreicht – später noch einmal" in card and "Anrufbeantworter" in card

    coordinator.post(
        f"/calls/{call.id}/callback-outcome",
        {"outcome": "reached", "note": "Einkauf für Freitag aufgenommen", "back": "today"},
    )
    session.expire_all()
    assert call.needs_callback is False
    assert f'id="callback-{call.id}"' not in coordinator.page("/").html
    tries = session.scalars(select(CallbackAttempt).order_by(CallbackAttempt.id)).all()
    assert [(a.outcome, a.note, a.staff_user_id) for a in tries] == [
        ("not_reached", "Anrufbeantworter", coordinator_user.id),
        ("reached", "Einkauf für Freitag aufgenommen", coordinator_user.id),
    ]
    audited = session.scalars(
        select(AuditEntry.detail).where(
            AuditEntry.subject_type == "call", AuditEntry.action == "update"
        )
    ).all()
    assert [d["callback"] for d in audited] == ["claim", "not_reached", "reached"]
    # Settled: a late outcome changes nothing.
    coordinator.post(f"/calls/{call.id}/callback-outcome", {"outcome": "not_reached"})
    assert session.scalar(select(CallbackAttempt).where(CallbackAttempt.id > tries[-1].id)) is None


def test_the_old_button_settles_it_as_done_and_nonsense_outcomes_change_nothing(
    session, coordinator, kommune, make_person
):
    call = _voicemail(session, kommune, make_person)
    coordinator.post(f"/calls/{call.id}/callback-outcome", {"outcome": "vergessen"})
    session.expire_all()
    assert call.needs_callback is True
    coordinator.post(f"/calls/{call.id}/callback-done", {"back": "today"})
    session.expire_all()
    assert call.needs_callback is False
    assert session.scalars(select(CallbackAttempt.outcome)).all() == ["done"]
