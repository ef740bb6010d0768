"""``nachbarruf call``: a terminal phone that dials the hotline as Twilio would (signed),
prints what it hears and reads keys or typed speech; scriptable with ``--keys``."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

import telephony
from models import Call, HelpRequest, Kommune, Message, Person, db
from models import phone as phones
from models.base import BERLIN
from prompts import cli as T
from telephony.sandbox_audio import make_recording
from telephony.softphone import HttpTransport, PhoneError, Softphone, Turn, send_sms

from .demo import running_demo_url


def hotline_url(url: str | None) -> str:
    """Where the hotline runs: ``--url``, else PUBLIC_BASE_URL, else the demo running on this
    instance folder (``demo --port N`` notes its URL there), else the default port."""
    config = current_app.config
    found = url or config["PUBLIC_BASE_URL"] or running_demo_url(config["INSTANCE_PATH"])
    return (found or telephony.SANDBOX_BASE_URL).rstrip("/")


def _default_caller(kommune: Kommune) -> str:
    person = db.session.scalar(
        select(Person)
        .where(Person.kommune_id == kommune.id, Person.is_client, Person.erased_at.is_(None))
        .order_by(Person.id)
    )
    return person.phone if person else "+493023125099"


def _make_phone(url: str) -> Softphone:
    app = current_app
    recordings = Path(app.config["INSTANCE_PATH"]) / "sandbox" / "recordings"
    return Softphone(
        base_url=url,
        sign_base=app.config["PUBLIC_BASE_URL"] or None,
        token=telephony.auth_token(),
        account_sid=telephony.account_sid(),
        transport=HttpTransport(),
        make_recording=partial(make_recording, recordings)
        if app.config["TELEPHONY"] == "sandbox"
        else None,
    )


def _show(turn: Turn) -> None:
    for sentence in turn.heard:
        if sentence:
            click.echo(T.PHONE_HEARD(text=sentence))


def _ask(turn: Turn) -> str:
    """Read the caller's answer to what the call waits for from the terminal."""
    waiting = turn.waiting
    if waiting is None:
        raise PhoneError("the call is not waiting for anything")
    if waiting.kind == "dial":
        prompt = T.PHONE_DIAL(number=phones.national(waiting.detail))
    elif waiting.kind == "record":
        prompt = str(T.PHONE_RECORD)
    else:
        prompt = str(T.PHONE_KEYS)
    return str(click.prompt(prompt, default="", show_default=False, prompt_suffix=""))


def _step(phone: Softphone, turn: Turn, answer: str) -> Turn:
    """Give ``answer`` to whatever the call waits for: keys, speech, a recording, or
    whether the forwarded call is picked up."""
    waiting = turn.waiting
    if waiting is None:
        raise PhoneError("the call is not waiting for anything")
    text = answer.strip()
    if waiting.kind == "dial":
        return phone.connect(answered=text.lower() in ("j", "ja", "y", "yes"))
    if waiting.kind == "record":
        text = text.removeprefix("rec:").strip()
        return phone.record(text) if text and text != "-" else phone.silence()
    if not text or text == "-":
        return phone.silence()
    if all(ch in "0123456789*#" for ch in text):
        return phone.press(text)
    return phone.say(text.removeprefix("say:").strip())


def _converse(phone: Softphone, turn: Turn, script: list[str] | None) -> None:
    _show(turn)
    while not turn.ended:
        if script is None:
            answer = _ask(turn)
        elif script:
            answer = script.pop(0)
            click.echo(f"> {answer}")
        else:
            click.echo(str(T.PHONE_SCRIPT_LEFT))
            phone.hang_up()
            break
        if answer.strip().lower() == "q":
            phone.hang_up()
            click.echo(str(T.PHONE_HUNG_UP))
            return
        turn = _step(phone, turn, answer)
        _show(turn)
    click.echo(T.PHONE_ENDED(seconds=phone.seconds))


@click.command("call")
@click.option(
    "--from",
    "caller",
    default=None,
    help="Calling number (default: the first client; 'anonymous' withholds it).",
)
@click.option("--to", "number", default=None, help="Hotline number (default: the first Kommune's).")
@click.option(
    "--url",
    default=None,
    help="Where the hotline runs (default: PUBLIC_BASE_URL, else the running demo, else http://127.0.0.1:5000).",
)
@click.option(
    "--keys",
    default=None,
    help='Scripted answers separated by ";", e.g. "1;1;Brot und Milch;1". "-" is silence.',
)
@click.option(
    "--answer",
    "answer_id",
    type=int,
    default=None,
    help="Pick up the outbound call with this id (sandbox).",
)
@with_appcontext
def call(
    caller: str | None, number: str | None, url: str | None, keys: str | None, answer_id: int | None
) -> None:
    """Call the hotline from the terminal, as a caller would."""
    base = hotline_url(url)
    script = keys.split(";") if keys is not None else None
    phone = _make_phone(base)
    try:
        if answer_id is not None:
            turn = _answer(phone, answer_id)
        else:
            kommune = db.session.scalar(select(Kommune).order_by(Kommune.id))
            if kommune is None:
                raise click.ClickException(str(T.PHONE_NO_KOMMUNE))
            to = phones.parse_or_none(number) if number else kommune.caller_id
            from_ = caller or _default_caller(kommune)
            if from_ != "anonymous":
                from_ = phones.parse_or_none(from_) or from_
            db.session.rollback()  # hold no lock while the app works on the call
            click.echo(
                T.PHONE_CALLING(
                    caller=phones.national(from_) or from_, number=phones.national(to), url=base
                )
            )
            turn = phone.dial(from_=from_, to=to or "")
        _converse(phone, turn, script)
    except requests.ConnectionError as exc:
        raise click.ClickException(T.PHONE_NO_SERVER(url=base)) from exc
    except PhoneError as exc:
        raise click.ClickException(T.PHONE_ERROR(error=str(exc))) from exc


def _answer(phone: Softphone, call_id: int) -> Turn:
    call = db.session.get(Call, call_id)
    if call is None or call.direction != "outbound" or call.ended or not call.sid:
        raise click.ClickException(T.PHONE_NOTHING_TO_ANSWER(id=call_id))
    sid, from_, to = call.sid, call.from_number or "", call.to_number or ""
    db.session.rollback()
    click.echo(T.PHONE_ANSWERING(id=call_id, number=phones.national(to)))
    return phone.answer(
        sid,
        url=f"{phone.base_url}/voice/outbound/{call_id}",
        from_=from_,
        to=to,
        status_callback=f"{phone.base_url}/voice/status",
        answered_by="human",
    )


@click.command("sms")
@click.argument("sender")
@click.argument("text")
@click.option("--to", "number", default=None, help="Hotline number (default: the first Kommune's).")
@click.option(
    "--url",
    default=None,
    help="Where the hotline runs (default: PUBLIC_BASE_URL, else the running demo, else http://127.0.0.1:5000).",
)
@with_appcontext
def sms(sender: str, text: str, number: str | None, url: str | None) -> None:
    """Send an SMS to the hotline as SENDER (e.g. reply to an offer as a volunteer)."""
    base = hotline_url(url)
    kommune = db.session.scalar(select(Kommune).order_by(Kommune.id))
    if kommune is None:
        raise click.ClickException(str(T.PHONE_NO_KOMMUNE))
    to = phones.parse_or_none(number) if number else kommune.caller_id
    from_ = phones.parse_or_none(sender) or sender
    db.session.rollback()
    click.echo(T.SMS_SENDING(sender=phones.national(from_) or from_, body=text))
    try:
        replies = send_sms(
            HttpTransport(),
            base,
            telephony.auth_token(),
            from_=from_,
            to=to or "",
            body=text,
            sign_base=current_app.config["PUBLIC_BASE_URL"] or None,
            account_sid=telephony.account_sid(),
        )
    except requests.ConnectionError as exc:
        raise click.ClickException(T.PHONE_NO_SERVER(url=base)) from exc
    except PhoneError as exc:
        raise click.ClickException(T.PHONE_ERROR(error=str(exc))) from exc
    for reply in replies or [str(T.SMS_NO_REPLY)]:
        click.echo(T.SMS_REPLY(body=reply))


@click.command("outbox")
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def outbox(limit: int) -> None:
    """What the sandbox "sent": the latest outbound SMS and calls."""
    messages = db.session.scalars(
        select(Message)
        .where(Message.direction == "outbound", ~Message.purpose.startswith("reply:"))
        .order_by(Message.id.desc())
        .limit(limit)
    )
    calls = db.session.scalars(
        select(Call).where(Call.direction == "outbound").order_by(Call.id.desc()).limit(limit)
    )
    rows = sorted(
        [*messages, *calls],
        key=lambda r: r.created_at if isinstance(r, Message) else r.started_at,
        reverse=True,
    )[:limit]
    if not rows:
        click.echo(str(T.OUTBOX_EMPTY))
    for row in rows:
        who = row.person.name if row.person else phones.national(row.to_number)
        to = f"{who} ({phones.national(row.to_number)})"
        if isinstance(row, Message):
            click.echo(
                T.OUTBOX_SMS(
                    id=row.id,
                    time=_local(row.created_at),
                    to=to,
                    status=row.status,
                    purpose=row.purpose,
                )
            )
            click.echo(f"      {row.body}")
            if row.purpose == "offer" and row.request_id:
                ref = db.session.get(HelpRequest, row.request_id).ref
                click.echo(
                    T.OUTBOX_REPLY(number=phones.national(row.to_number).replace(" ", ""), ref=ref)
                )
        else:
            click.echo(
                T.OUTBOX_CALL(
                    id=row.id,
                    time=_local(row.started_at),
                    to=to,
                    status=row.status,
                    purpose=row.purpose,
                )
            )
            if not row.ended and row.sid:
                click.echo(T.OUTBOX_ANSWER(id=row.id))


def _local(at: datetime) -> str:
    return at.astimezone(BERLIN).strftime("%d.%m. %H:%M")
