"""Small builders over the ``twilio`` TwiML classes, so dialogue code reads like a script."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import Response
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse


@dataclass(frozen=True)
class Voice:
    """A TTS voice and the language it speaks and listens in."""

    name: str
    language: str


class Spoken(str):
    """A sentence in a voice of its own (the language choice: each language in its own
    voice); a plain ``str`` is said in the script's voice."""

    voice: Voice

    def __new__(cls, text: str, voice: Voice) -> Spoken:
        spoken = super().__new__(cls, text)
        spoken.voice = voice
        return spoken


def _runs(sentences: Iterable[str], default: Voice) -> list[tuple[Voice, str]]:
    """Sentences joined into runs of the same voice."""
    runs: list[tuple[Voice, list[str]]] = []
    for sentence in sentences:
        if not sentence:
            continue
        voice = sentence.voice if isinstance(sentence, Spoken) else default
        if runs and runs[-1][0] == voice:
            runs[-1][1].append(sentence)
        else:
            runs.append((voice, [sentence]))
    return [(voice, " ".join(texts)) for voice, texts in runs]


def xml(doc: VoiceResponse | MessagingResponse | str) -> Response:
    """TwiML as a Flask response (``text/xml``)."""
    return Response(str(doc), mimetype="text/xml")


def sms_reply(*bodies: str) -> Response:
    resp = MessagingResponse()
    for body in bodies:
        resp.message(body)
    return xml(resp)


class Script:
    """One TwiML document for a call, spoken in one voice."""

    #: Seconds to wait for a key after the prompt ended: generous for older callers.
    KEY_TIMEOUT = 8

    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        self.doc = VoiceResponse()

    def __str__(self) -> str:
        return str(self.doc)

    def say(self, *sentences: str) -> Script:
        for voice, text in _runs(sentences, self.voice):
            self.doc.say(text, voice=voice.name, language=voice.language)
        return self

    def pause(self, seconds: int = 1) -> Script:
        self.doc.pause(length=seconds)
        return self

    def ask(
        self,
        sentences: Iterable[str],
        action: str,
        *,
        hints: Iterable[str] = (),
        num_digits: int | None = 1,
        finish_on_key: str | None = None,
        speech: bool = True,
        digits: bool = True,
        timeout: int | None = None,
        on_silence: str | None = None,
    ) -> Script:
        """Speak ``sentences`` while listening for keys and/or speech; no input goes to
        ``on_silence`` (default: ``action`` without input, which handlers treat as silence)."""
        inputs = " ".join(x for x, on in (("dtmf", digits), ("speech", speech)) if on)
        gather = self.doc.gather(
            input=inputs,
            action=action,
            method="POST",
            timeout=timeout or self.KEY_TIMEOUT,
            num_digits=num_digits if digits else None,
            finish_on_key=finish_on_key,
            language=self.voice.language if speech else None,
            hints=", ".join(hints) or None if speech else None,
            speech_timeout="auto" if speech else None,
            action_on_empty_result=False,
        )
        for voice, text in _runs(sentences, self.voice):
            gather.say(text, voice=voice.name, language=voice.language)
        self.doc.redirect(on_silence or action, method="POST")
        return self

    def record(
        self,
        action: str,
        *,
        max_length: int,
        status_callback: str,
        on_empty: str,
        timeout: int = 5,
    ) -> Script:
        """Record after a beep; ``#`` ends it. An empty recording continues at ``on_empty``."""
        self.doc.record(
            action=action,
            method="POST",
            max_length=max_length,
            timeout=timeout,
            finish_on_key="#",
            play_beep=True,
            trim="trim-silence",
            recording_status_callback=status_callback,
            recording_status_callback_method="POST",
        )
        self.doc.redirect(on_empty, method="POST")
        return self

    def dial(
        self,
        numbers: str | Sequence[str],
        *,
        action: str,
        caller_id: str | None,
        timeout: int = 25,
        whisper: str | None = None,
    ) -> Script:
        """Ring one number, or several at once (one ``<Number>`` each: the first to pick up
        takes the call, Twilio hangs up on the others). ``whisper``: a URL whose TwiML the
        person who picks up hears first (so that they accept with a key, and a voicemail
        never takes the call)."""
        targets = [numbers] if isinstance(numbers, str) else list(numbers)
        options = {"action": action, "method": "POST", "timeout": timeout, "caller_id": caller_id}
        if whisper is not None:
            dial = self.doc.dial(**options)
            for number in targets:
                dial.number(number, url=whisper, method="POST")
        elif len(targets) == 1:
            self.doc.dial(targets[0], **options)
        else:
            dial = self.doc.dial(**options)
            for number in targets:
                dial.number(number)
        return self

    def accept_or_hang_up(self, sentence: str, action: str) -> Script:
        """For the person a ``<Dial>`` reached: one key to take the call (no speech: a
        voicemail's greeting must not count); nothing pressed hangs up their leg."""
        gather = self.doc.gather(
            input="dtmf", action=action, method="POST", timeout=6, num_digits=1
        )
        gather.say(sentence, voice=self.voice.name, language=self.voice.language)
        self.doc.hangup()
        return self

    def redirect(self, url: str) -> Script:
        self.doc.redirect(url, method="POST")
        return self

    def hangup(self) -> Script:
        self.doc.hangup()
        return self
