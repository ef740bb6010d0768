"""What one webhook may cost: statements per step of a whole call, one HMAC for the
signature, statements built once. Guards the work of issue 12 (``bench profile``)."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from telephony import auth_token
from telephony.signature import sign
from tests.conftest import HOTLINE
from tests.phone import signed_post

#: A known client's whole call, and the statements each webhook may take at most
#: (the test's SAVEPOINT and its RELEASE included: two more than in production). Before
#: issue 12 a step took 6 and the call 13 at its start (16 were allowed); the start reads
#: one more since a client's phone friendship adds a key to the main menu.
CALL = [
    ("/voice/incoming", {}, 12),
    ("/voice/step/main?n=1", {"Digits": "1"}, 5),
    ("/voice/step/when?n=2", {"Digits": "1"}, 5),
    ("/voice/step/describe?n=3", {"SpeechResult": "Brot"}, 5),
    ("/voice/step/confirm?n=4", {"Digits": "1"}, 14),
    ("/voice/step/done?n=5", {}, 5),
    ("/voice/status", {"CallStatus": "completed", "CallDuration": "30"}, 4),
]


def test_statements_per_webhook_stay_bounded(app, client, make_person, count_queries):
    erika = make_person("client")
    base = {"CallSid": "CA" + "7" * 32, "From": erika.phone, "To": HOTLINE}
    for path, extra, most in CALL:
        with count_queries() as counter:
            assert signed_post(app, client, path, {**base, **extra}).status_code in (200, 204)
        assert counter.n <= most, (path, counter.n, counter.statements)
        if "/step/" in path and most == 5:
            # A dialogue step: the call and a retry's stored answer in one SELECT, one
            # UPDATE of the call, one INSERT of the event.
            kinds = [s.split()[0].upper() for s in counter.statements]
            assert kinds.count("SELECT") == 1, counter.statements


def test_a_retried_step_is_answered_from_the_same_statement(
    app, client, make_person, count_queries
):
    erika = make_person("client")
    base = {"CallSid": "CA" + "8" * 32, "From": erika.phone, "To": HOTLINE}
    signed_post(app, client, "/voice/incoming", base)
    first = signed_post(app, client, "/voice/step/main?n=1", {**base, "Digits": "1"})
    with count_queries() as counter:
        again = signed_post(app, client, "/voice/step/main?n=1", {**base, "Digits": "1"})
    assert again.get_data() == first.get_data()
    selects = [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, counter.statements


def test_the_signature_is_computed_once(app, client, make_person, monkeypatch):
    erika = make_person("client")
    base = {"CallSid": "CA" + "9" * 32, "From": erika.phone, "To": HOTLINE}
    computed = []
    original = RequestValidator.compute_signature

    def counting(self, uri, params, algorithm=None):
        computed.append(uri)
        return original(self, uri, params, algorithm)

    url = app.config["PUBLIC_BASE_URL"] + "/voice/incoming"
    signature = sign(url, base, auth_token(app))
    monkeypatch.setattr(RequestValidator, "compute_signature", counting)
    response = signed_post(app, client, "/voice/incoming", base, signature=signature)
    assert response.status_code == 200
    assert len(computed) == 1


@pytest.mark.parametrize("signature", ["", "wrong"])
def test_a_wrong_signature_is_still_refused(app, client, make_person, signature):
    erika = make_person("client")
    base = {"CallSid": "CA" + "6" * 32, "From": erika.phone, "To": HOTLINE}
    response = signed_post(app, client, "/voice/incoming", base, signature=signature)
    assert response.status_code == 403
