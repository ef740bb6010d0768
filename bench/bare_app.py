"""The baseline of ``bench/webhooks``: a bare Flask app answering every voice webhook with
one fixed TwiML document, served by gunicorn exactly like the real app.

No database, no signature check, no form parsing: what is left is gunicorn, Flask routing
and the HTTP round trip, so ``app / bare`` shows what the dialogue itself costs.
"""

from __future__ import annotations

from flask import Flask, Response

#: A menu prompt of the size the dialogue sends (its documents are 0.1 to 0.9 kB).
TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    '<Gather action="/voice/step/when?n=2" actionOnEmptyResult="false" finishOnKey="" '
    'hints="heute, morgen, die nächsten Tage" input="dtmf speech" language="de-DE" '
    'method="POST" numDigits="1" speechTimeout="auto" timeout="8">'
    '<Say language="de-DE" voice="Polly.Vicki-Neural">Wann brauchen Sie die Hilfe? '
    "Für heute drücken Sie die 1. Für morgen drücken Sie die 2. "
    "Für die nächsten Tage drücken Sie die 3. "
    "Für ein Gespräch mit unserem Team drücken Sie die 0. "
    "Für eine Wiederholung drücken Sie die Sterntaste.</Say></Gather>"
    '<Redirect method="POST">/voice/step/when?n=2</Redirect></Response>'
)

app = Flask(__name__)


@app.post("/voice/<path:step>")
def webhook(step: str) -> Response:
    """Every webhook path the dialogue uses gets the same document."""
    return Response(TWIML, mimetype="text/xml")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
