"""The call log: path, caller, speech, recordings through the app, filters and pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import AuditEntry, Call, Recording
from models import base as model_base
from models.phone import mask


def paths(page):
    """The steps of every call's path on the page (the <ol class="path"> lists)."""
    return [
        [
            re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", block, re.S)
        ]
        for block in re.findall(r'<ol class="path">(.*?)</ol>', page.html, re.S)
    ]


def _request_by_phone(phone):
    caller = phone("+493023125199")  # not known: masked in the list
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.say("Brot und Milch vom Bäcker")
    return caller


def test_a_call_shows_its_path_speech_and_request(session, coordinator, phone, make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101")
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.say("Brot und Milch vom Bäcker")
    caller.choose("Ja")
    caller.hang_up()
    call = session.scalar(select(Call).where(Call.from_number == erika.phone))

    page = coordinator.page("/calls")
    row = page.text.split("Anfrage ", 1)[-1]
    assert "Erika Musterfrau" in row
    assert paths(page)[0] == [
        "Begrüßung",
        "Hauptmenü 1",
        "Wann 1",
        "Beschreibung",
        "Bestätigen 1",
        "Anfrage aufgenommen",
    ]
    assert "Brot und Milch vom Bäcker" in page
    assert call.request_id is not None
    assert f'/requests/{call.request_id}"' in page.html


def test_unknown_callers_are_masked_in_the_list_and_shown_in_full_on_the_call(
    session, coordinator, phone
):
    caller = _request_by_phone(phone)
    caller.hang_up()
    page = coordinator.page("/calls")
    assert mask("+493023125199") in page
    assert "030 23125199" not in page
    call = session.scalar(select(Call).where(Call.from_number == "+493023125199"))
    detail = coordinator.page(f"/calls/{call.id}")
    assert "030 23125199" in detail
    assert session.scalar(
        select(AuditEntry).where(
            AuditEntry.subject_type == "call", AuditEntry.subject_id == call.id
        )
    )


def _calls(session, kommune, n, start, **values):
    for i in range(n):
        session.add(
            Call(
                kommune_id=kommune.id,
                direction="inbound",
                sid=f"CA{start + i:032d}",
                from_number="+493023125150",
                status="completed",
                outcome="hangup",
                started_at=datetime(2026, 11, 2, 8, tzinfo=UTC) + timedelta(minutes=start + i),
                **values,
            )
        )
    session.commit()


def test_pages_of_fifty_newest_first_and_back(session, coordinator, kommune):
    _calls(session, kommune, 120, 0)
    first = coordinator.page("/calls")
    assert first.text.count("02.11.2026") == 50
    assert "02.11.2026, 10:59" in first.text  # the newest: 8:00 UTC + 119 minutes, in Berlin
    older = next(link for link in first.links if "before=" in link)
    second = coordinator.page(older)
    assert "02.11.2026, 10:09" in second.text and "02.11.2026, 10:59" not in second.text
    newer = next(link for link in second.links if "after=" in link)
    back = coordinator.page(newer)
    assert "02.11.2026, 10:59" in back.text and back.text.count("02.11.2026") == 50
    third = coordinator.page(next(link for link in second.links if "before=" in link))
    assert third.text.count("02.11.2026") == 20
    assert not [link for link in third.links if "before=" in link]


def test_filters_by_day_outcome_and_caller(session, coordinator, kommune, make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101")
    _calls(session, kommune, 3, 0)
    session.add(
        Call(
            kommune_id=kommune.id,
            direction="inbound",
            sid="CAvoicemail",
            from_number=erika.phone,
            person_id=erika.id,
            status="completed",
            outcome="voicemail",
            needs_callback=True,
            started_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
        )
    )
    session.commit()
    by_day = coordinator.page("/calls?day=2026-11-03")
    assert by_day.text.count("03.11.2026") == 1 and "02.11.2026," not in by_day.text
    voicemails = coordinator.page("/calls?outcome=voicemail")
    assert voicemails.text.count("03.11.2026,") == 1 and "02.11.2026," not in voicemails.text
    assert "Erika Musterfrau" in coordinator.page("/calls?outcome=callback")
    by_name = coordinator.page("/calls?caller=musterfrau")
    assert "Erika Musterfrau" in by_name and "02.11.2026" not in by_name.text
    by_number = coordinator.page("/calls?caller=030+23125150")
    assert by_number.text.count("02.11.2026") == 3


def test_filters_by_language_and_names_it(session, coordinator, kommune):
    _calls(session, kommune, 3, 0)
    session.add(
        Call(
            kommune_id=kommune.id,
            direction="inbound",
            sid="CAturkish",
            from_number="+493023125199",
            status="completed",
            language="tr",
            started_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
        )
    )
    session.commit()
    page = coordinator.page("/calls?language=tr")
    assert page.text.count("03.11.2026,") == 1 and "02.11.2026," not in page.text
    assert "Türkisch" in page.text.split("Anrufe, neueste zuerst")[-1]
    assert coordinator.page("/calls?language=de").text.count("02.11.2026,") == 3


def test_call_log_page_is_a_few_queries_however_many_calls(
    session, coordinator, kommune, count_queries
):
    _calls(session, kommune, 60, 0)
    coordinator.page("/calls")
    with count_queries() as counter:
        coordinator.page("/calls")
    assert counter.n <= 8, counter.statements


def test_callback_done(session, coordinator, kommune):
    call = Call(
        kommune_id=kommune.id,
        direction="inbound",
        sid="CAcb",
        from_number="+493023125150",
        status="completed",
        outcome="voicemail",
        needs_callback=True,
    )
    session.add(call)
    session.commit()
    assert "Rückruf erbeten" in coordinator.page("/")
    response = coordinator.post(f"/calls/{call.id}/callback-done", {"back": "today"})
    assert response.headers["Location"] == "/"
    session.expire_all()
    assert call.needs_callback is False
    assert "Rückruf erbeten" not in coordinator.page("/")


def test_recordings_play_through_the_app_never_from_twilio(
    session, coordinator, kommune, phone, fake_twilio
):
    sid = "RE" + "1" * 32
    url = fake_twilio.add_recording(sid, b"ID3-echte-aufnahme")
    caller = phone("+493023125101")
    caller.call()
    call = session.scalar(select(Call).where(Call.sid == caller.phone.call_sid))
    recording = Recording(call_id=call.id, sid=sid, url=url, purpose="voicemail", duration=5)
    session.add(recording)
    session.commit()

    page = coordinator.page(f"/calls/{call.id}")
    assert f'src="/recordings/{recording.id}"' in page.html
    assert "twilio.com" not in page.html
    response = coordinator.get(f"/recordings/{recording.id}")
    assert response.status_code == 200
    assert response.data == b"ID3-echte-aufnahme"
    assert response.headers["Cache-Control"] == "no-store"
    fake_twilio.fail_next = [503]  # Twilio has trouble for a moment: try later, not "gone"
    unreachable = coordinator.get(f"/recordings/{recording.id}")
    assert unreachable.status_code == 502
    assert "später noch einmal" in unreachable.get_data(as_text=True)
    assert coordinator.get(f"/recordings/{recording.id}").status_code == 200
    assert (
        session.scalar(select(AuditEntry.action).where(AuditEntry.subject_type == "recording"))
        == "listen"
    )


def test_a_deleted_recording_is_gone(session, coordinator, kommune):
    call = Call(kommune_id=kommune.id, direction="inbound", sid="CArec", status="completed")
    session.add(call)
    session.flush()
    recording = Recording(
        call_id=call.id,
        sid="RE" + "2" * 32,
        url="",
        purpose="voicemail",
        deleted_at=model_base.utcnow(),
    )
    session.add(recording)
    session.commit()
    assert coordinator.get(f"/recordings/{recording.id}").status_code == 410
    assert "gelöscht" in coordinator.page(f"/calls/{call.id}")
