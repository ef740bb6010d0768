"""A fake Twilio REST API on loopback, so the real ``twilio`` client code runs in tests.

It speaks the paths and JSON of the 2010-04-01 API for Messages, Calls and Recordings
(create; fetch, list and cancel as the app reconciles), checks HTTP basic auth, and can be
told to refuse numbers (21211 invalid, 21610 unsubscribed), fail with 5xx, be slow
(timeouts), or accept a request and lose the answer (a crash between Twilio and our
database). It records everything it was asked to do; tests assert on that, as a real
carrier's logs would show. What became of a call or SMS (``set_status``) is what a fetch
returns; nothing is reported on a status callback unless a test posts it.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from models.base import utcnow

ACCOUNT = "AC" + "f" * 32
TOKEN = "fake-twilio-auth-token-0123456789"


@dataclass
class Sent:
    sid: str
    kind: str  # message / call
    params: dict[str, str]
    #: When Twilio took it: on the app's clock, which tests move (models.base.travel) —
    #: the whole world travels with it.
    at: float = field(default_factory=lambda: utcnow().timestamp())
    #: Twilio's status of it now (``set_status`` changes it).
    status: str = "queued"
    error_code: int | None = None
    duration: int | None = None
    answered_by: str | None = None
    #: What Twilio charged, as it reports it ("-0.07500"), once known.
    price: str | None = None

    @property
    def to(self) -> str:
        return self.params.get("To", "")

    @property
    def body(self) -> str:
        return self.params.get("Body", "")


class FakeTwilio:
    def __init__(self, account: str = ACCOUNT, token: str = TOKEN) -> None:
        self.account = account
        self.token = token
        self.lock = threading.Lock()
        self.reset()
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            #: Requests still in flight from before a reset record nothing afterwards.
            self.generation = getattr(self, "generation", 0) + 1
            self.messages: list[Sent] = []
            self.calls: list[Sent] = []
            self.recordings: dict[str, bytes] = {}
            self.deleted_recordings: list[str] = []
            #: number → Twilio error code it is refused with
            self.refuse: dict[str, int] = {}
            #: numbers whose requests fail with 503 (Twilio has trouble with them)
            self.unavailable: set[str] = set()
            #: HTTP status for the next N requests (e.g. [503, 503])
            self.fail_next: list[int] = []
            #: seconds to wait before answering (to provoke client timeouts)
            self.delay = 0.0
            #: the next N requests hang this long and then fail without any effect, like a
            #: request Twilio never completed (to kill a worker in the middle of one)
            self.stall: list[float] = []
            #: requests hanging right now
            self.stalled_now = 0
            #: the next N creations are carried out but their answer is lost (a 500 after
            #: Twilio accepted: the sender cannot tell whether it went out)
            self.lose_answer = 0
            #: calls cancelled through the API (sids)
            self.cancelled: list[str] = []
            #: every request as (method, path), in order
            self.log: list[tuple[str, str]] = []
            self.requests = 0

    def start(self) -> FakeTwilio:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    # --- what tests look at ----------------------------------------------------------

    def messages_to(self, number: str) -> list[Sent]:
        with self.lock:
            return [m for m in self.messages if m.to == number]

    def calls_to(self, number: str) -> list[Sent]:
        with self.lock:
            return [c for c in self.calls if c.to == number]

    def set_status(
        self,
        sid: str,
        status: str,
        *,
        error_code: int | None = None,
        duration: int | None = None,
        answered_by: str | None = None,
        price: str | None = None,
    ) -> None:
        """What became of a call or SMS at Twilio (what a fetch returns from now on)."""
        with self.lock:
            sent = self._find(sid)
            if sent is None:
                raise KeyError(sid)
            sent.status, sent.error_code = status, error_code
            sent.duration, sent.answered_by = duration, answered_by
            sent.price = price

    def _find(self, sid: str) -> Sent | None:
        return next((x for x in [*self.messages, *self.calls] if x.sid == sid), None)

    def fetches(self, kind: str = "") -> list[str]:
        """Paths of the GET requests made (``kind``: Calls or Messages)."""
        with self.lock:
            return [p for m, p in self.log if m == "GET" and f"/{kind}" in p]

    def add_recording(self, sid: str, data: bytes = b"ID3fake-mp3") -> str:
        self.recordings[sid] = data
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.account}/Recordings/{sid}"

    # --- the HTTP side -------------------------------------------------------------------

    def _error(self, status: int, code: int | None, message: str) -> Response:
        body = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        return Response(json.dumps(body), status=status, mimetype="application/json")

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{self.account}:{self.token}".encode()).decode()
        return secrets.compare_digest(header, expected)

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self._handle(request)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        with self.lock:
            self.requests += 1
            self.log.append((request.method, request.path))
            generation = self.generation
            fail = self.fail_next.pop(0) if self.fail_next else None
            delay = self.delay
            stall = self.stall.pop(0) if self.stall else 0.0
        if stall:
            with self.lock:
                self.stalled_now += 1
            time.sleep(stall)
            with self.lock:
                self.stalled_now -= 1
            return self._error(500, None, "Stalled and gave up")
        if delay:
            time.sleep(delay)
            if generation != self.generation:  # the test that sent it is over
                return self._error(500, None, "Reset while waiting")
        if not self._authorized(request):
            return self._error(401, 20003, "Authenticate")
        if fail:
            return self._error(fail, None, "Service unavailable")
        m = re.fullmatch(
            rf"/2010-04-01/Accounts/{self.account}/(\w+?)(?:/(\w+))?(\.json|\.mp3|\.wav)",
            request.path,
        )
        if not m:
            return self._error(404, 20404, "The requested resource was not found")
        resource, sid, ext = m.groups()
        if resource == "Messages" and request.method == "POST" and sid is None:
            return self._create("message", request.form.to_dict())
        if resource == "Calls" and request.method == "POST" and sid is None:
            return self._create("call", request.form.to_dict())
        if resource == "Messages" and request.method == "GET" and sid is None:
            return self._list_messages(request.args.to_dict())
        if resource in ("Messages", "Calls") and request.method == "GET" and sid:
            return self._fetch(resource, sid)
        if resource == "Calls" and request.method == "POST" and sid:
            return self._update_call(sid, request.form.to_dict())
        if resource == "Recordings" and sid:
            return self._recording(request.method, sid, ext)
        return self._error(405, 20004, "Method not allowed")

    def _create(self, kind: str, params: dict[str, str]) -> Response:
        to = params.get("To", "")
        if to in self.unavailable:
            return self._error(503, None, "Service unavailable")
        code = self.refuse.get(to)
        if code == 21211:
            return self._error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if code is not None:
            return self._error(
                400,
                code,
                "Attempt to send to unsubscribed recipient" if code == 21610 else "Refused",
            )
        prefix = "SM" if kind == "message" else "CA"
        sid = prefix + secrets.token_hex(16)
        sent = Sent(sid=sid, kind=kind, params=params)
        with self.lock:
            (self.messages if kind == "message" else self.calls).append(sent)
            lose = self.lose_answer > 0
            self.lose_answer -= 1 if lose else 0
        if lose:
            return self._error(500, None, "Internal error (after the request was carried out)")
        return Response(json.dumps(self._json(sent)), status=201, mimetype="application/json")

    def _json(self, sent: Sent) -> dict[str, Any]:
        resource = "Messages" if sent.kind == "message" else "Calls"
        body: dict[str, Any] = {
            "sid": sent.sid,
            "account_sid": self.account,
            "to": sent.to,
            "from": sent.params.get("From"),
            "status": sent.status,
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": format_datetime(datetime.fromtimestamp(sent.at, UTC), usegmt=True),
            "uri": f"/2010-04-01/Accounts/{self.account}/{resource}/{sent.sid}.json",
            "price": sent.price,
            "price_unit": "USD" if sent.price is not None else None,
        }
        if sent.kind == "message":
            body.update({"body": sent.body, "num_segments": "1", "error_code": sent.error_code})
        else:
            body.update(
                {
                    "duration": None if sent.duration is None else str(sent.duration),
                    "answered_by": sent.answered_by,
                }
            )
        return body

    def _fetch(self, resource: str, sid: str) -> Response:
        with self.lock:
            sent = self._find(sid)
            body = self._json(sent) if sent is not None else None
        if body is None or (resource == "Messages") != sid.startswith("SM"):
            return self._error(404, 20404, "The requested resource was not found")
        return Response(json.dumps(body), mimetype="application/json")

    def _list_messages(self, args: dict[str, str]) -> Response:
        with self.lock:
            found = [
                self._json(m)
                for m in reversed(self.messages)  # newest first, as Twilio lists them
                if (not args.get("To") or m.to == args["To"])
                and (not args.get("From") or m.params.get("From") == args["From"])
            ]
        size = int(args.get("PageSize", 50))
        uri = f"/2010-04-01/Accounts/{self.account}/Messages.json"
        page = {
            "messages": found[:size],
            "uri": uri,
            "first_page_uri": uri,
            "next_page_uri": None,
            "previous_page_uri": None,
            "page": 0,
            "page_size": size,
            "start": 0,
            "end": min(size, len(found)),
        }
        return Response(json.dumps(page), mimetype="application/json")

    def _update_call(self, sid: str, params: dict[str, str]) -> Response:
        with self.lock:
            call = self._find(sid)
            if call is not None and params.get("Status") == "canceled":
                self.cancelled.append(sid)
                # Only a call that is not answered yet can be cancelled.
                if call.status in ("queued", "initiated", "ringing"):
                    call.status = "canceled"
            body = self._json(call) if call is not None else None
        if body is None:
            return self._error(404, 20404, "The requested resource was not found")
        return Response(json.dumps(body), mimetype="application/json")

    def _recording(self, method: str, sid: str, ext: str) -> Response:
        if sid not in self.recordings:
            return self._error(404, 20404, "The requested resource was not found")
        if method == "DELETE":
            del self.recordings[sid]
            self.deleted_recordings.append(sid)
            return Response(status=204)
        if ext == ".json":
            return Response(
                json.dumps({"sid": sid, "account_sid": self.account, "status": "completed"}),
                mimetype="application/json",
            )
        return Response(self.recordings[sid], mimetype="audio/mpeg")
