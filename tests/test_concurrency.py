"""Several things at the same moment, on real separate database connections."""

from __future__ import annotations

import os
import threading

from sqlalchemy import func, select

from dispatch import intake
from models import (
    Category,
    HelpRequest,
    HotlineNumber,
    Kommune,
    Message,
    Offer,
    OfferStatus,
    Person,
    RequestStatus,
    When,
    db,
)
from models import phone as phones
from tests.conftest import ACCOUNT, HOTLINE
from tests.phone import signed_post, sms_replies

RACES = 8
VOLUNTEERS = 4


def seed(app):
    """A Kommune, a client, volunteers, and RACES requests each offered to all of them."""
    from jobs.runner import execute

    with app.app_context():
        session = db.session
        kommune = Kommune(name="Musterstadt", state="NW", round_size=VOLUNTEERS)
        kommune.numbers = [HotlineNumber(number=HOTLINE)]
        session.add(kommune)
        client = Person(
            kommune=kommune,
            name="Erika Musterfrau",
            phone="+493023125101",
            line_type="landline",
            is_client=True,
        )
        session.add(client)
        helpers = []
        for i in range(VOLUNTEERS):
            number = f"+49152288173{i:02d}"
            helper = Person(
                kommune=kommune,
                name=f"Helfer {i}",
                phone=number,
                line_type=phones.line_type(number),
                is_volunteer=True,
                status="active",
                max_open_tasks=RACES,
            )
            helper.set_categories([Category.SHOPPING])
            session.add(helper)
            helpers.append(helper)
        session.commit()
        refs = []
        for _ in range(RACES):
            request = intake.open_request(
                session,
                kommune=kommune,
                client=client,
                category=Category.SHOPPING,
                when=When.TOMORROW,
            )
            session.commit()
            refs.append(request.ref)
        jobs = app.extensions["nachbarruf.jobs"]
        while jobs.collected:
            execute(jobs.collected.pop(0))
        return refs, [h.phone for h in helpers]


def test_two_yes_at_the_same_moment_exactly_one_wins(committed, monkeypatch):
    app = committed
    monkeypatch.setitem(app.config, "INBOUND_SMS_LIMIT", ())  # each helper writes RACES times
    refs, numbers = seed(app)
    for ref in refs:
        barrier = threading.Barrier(len(numbers))
        replies: dict[str, list[str]] = {}

        def say_yes(
            number: str,
            ref: str = ref,
            barrier: threading.Barrier = barrier,
            replies: dict[str, list[str]] = replies,
        ) -> None:
            client = app.test_client()
            params = {
                "MessageSid": "SM" + os.urandom(16).hex(),
                "AccountSid": ACCOUNT,
                "From": number,
                "To": HOTLINE,
                "Body": f"JA {ref}",
            }
            barrier.wait()
            response = signed_post(app, client, "/sms/incoming", params)
            replies[number] = sms_replies(response.get_data(as_text=True))

        threads = [threading.Thread(target=say_yes, args=(n,)) for n in numbers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)

        winners = [n for n, r in replies.items() if r and r[0].startswith("Danke! Anfrage")]
        losers = [
            n
            for n, r in replies.items()
            if r == [f"Nachbarruf: Anfrage {ref} ist bereits vergeben, danke!"]
        ]
        assert len(winners) == 1, replies
        assert len(losers) == len(numbers) - 1, replies
        with app.app_context():
            request = db.session.scalars(select(HelpRequest).where(HelpRequest.ref == ref)).one()
            assert request.status == RequestStatus.ASSIGNED
            assert request.volunteer.phone == winners[0]
            statuses = sorted(
                o.status
                for o in db.session.scalars(select(Offer).where(Offer.request_id == request.id))
            )
            assert statuses == sorted(
                [OfferStatus.ACCEPTED] + [OfferStatus.TAKEN] * (len(numbers) - 1)
            )


def test_the_same_sms_delivered_twice_at_once_gets_the_stored_reply(committed):
    """Twilio delivers one SMS twice at the same moment: both get the one reply, never the
    apology for a "Störung"; it is stored and acted on once."""
    app = committed
    with app.app_context():
        kommune = Kommune(name="Musterstadt", state="NW")
        kommune.numbers = [HotlineNumber(number=HOTLINE)]
        db.session.add(kommune)
        clients = []
        for i in range(RACES):
            number = f"+49152288173{50 + i:02d}"
            clients.append(
                Person(
                    kommune=kommune,
                    name=f"Klientin {i}",
                    phone=number,
                    line_type=phones.line_type(number),
                    is_client=True,
                )
            )
        db.session.add_all(clients)
        db.session.commit()
        numbers = [c.phone for c in clients]

    for number in numbers:
        params = {
            "MessageSid": "SM" + os.urandom(16).hex(),
            "AccountSid": ACCOUNT,
            "From": number,
            "To": HOTLINE,
            "Body": "EINKAUFEN MORGEN Brot",
        }
        barrier = threading.Barrier(2)
        replies: list[list[str]] = []

        def deliver(
            params: dict[str, str] = params,
            barrier: threading.Barrier = barrier,
            replies: list[list[str]] = replies,
        ) -> None:
            client = app.test_client()
            barrier.wait()
            response = signed_post(app, client, "/sms/incoming", params)
            replies.append(sms_replies(response.get_data(as_text=True)))

        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(replies) == 2 and replies[0] == replies[1], replies
        assert "ist angekommen" in replies[0][0], replies
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == RACES
        inbound = select(func.count()).select_from(Message).where(Message.direction == "inbound")
        assert db.session.scalar(inbound) == RACES
