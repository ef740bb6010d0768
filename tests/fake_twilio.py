"""A fake Twilio REST API on loopback, so the real ``twilio`` client code runs in tests.

It speaks the paths and JSON of the 2010-04-01 API for Messages, Calls and Recordings,
checks HTTP basic auth, and can be told to refuse numbers (21211 invalid, 21610
unsubscribed), fail with 5xx, or be slow (timeouts). It records everything it was asked
to do; tests assert on that, as a real carrier's logs would show.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

ACCOUNT = "AC" + "f" * 32
TOKEN = "fake-twilio-auth-token-0123456789"


@dataclass
class Sent:
    sid: str
    kind: str  # message / call
    params: dict[str, str]
    at: float = field(default_factory=time.time)

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
        body = {
            "sid": sid,
            "account_sid": self.account,
            "to": to,
            "from": params.get("From"),
            "status": "queued",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account}/{'Messages' if kind == 'message' else 'Calls'}/{sid}.json",
        }
        if kind == "message":
            body.update({"body": params.get("Body", ""), "num_segments": "1"})
        return Response(json.dumps(body), status=201, mimetype="application/json")

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
