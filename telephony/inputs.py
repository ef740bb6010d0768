"""What a voice webhook carries, parsed once and cut to sane sizes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

#: Longest speech result we keep; a webhook may carry anything.
MAX_SPEECH = 500
MAX_FIELD = 200


def _field(form: MultiDict[str, str], name: str, limit: int = MAX_FIELD) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    value = value.strip()[:limit]
    return value or None


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class VoiceInput:
    """The parts of a Twilio voice webhook the dialogue uses."""

    call_sid: str
    from_raw: str | None
    to_raw: str | None
    digits: str | None
    speech: str | None
    confidence: float | None
    recording_sid: str | None
    recording_url: str | None
    recording_duration: int | None
    dial_status: str | None
    call_status: str | None
    duration: int | None
    answered_by: str | None

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> VoiceInput:
        digits = _field(form, "Digits", 40)
        if digits is not None:
            digits = "".join(ch for ch in digits if ch in "0123456789*#") or None
        return cls(
            call_sid=_field(form, "CallSid", 40) or "",
            from_raw=_field(form, "From", 40),
            to_raw=_field(form, "To", 40),
            digits=digits,
            speech=_field(form, "SpeechResult", MAX_SPEECH),
            confidence=_float(_field(form, "Confidence", 20)),
            recording_sid=_field(form, "RecordingSid", 40),
            recording_url=_field(form, "RecordingUrl", 300),
            recording_duration=_int(_field(form, "RecordingDuration", 10)),
            dial_status=_field(form, "DialCallStatus", 20),
            call_status=_field(form, "CallStatus", 20),
            duration=_int(_field(form, "CallDuration", 10)),
            answered_by=_field(form, "AnsweredBy", 30),
        )

    @property
    def silent(self) -> bool:
        """Nothing pressed and nothing said (as opposed to something not understood)."""
        return not self.digits and not self.speech

    @property
    def spoken_words(self) -> list[str]:
        return words(self.speech or "")


def normalize(text: str) -> str:
    """Lower case, no accents or umlaut dots, ß as ss: "Gespräch" → "gesprach"."""
    text = text.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalize(text))


#: Hesitation sounds the recogniser writes down; they carry no meaning.
FILLERS = frozenset(
    {"ah", "aah", "ahm", "aahm", "eh", "ehm", "em", "oh", "ohm", "hm", "hmm", "mhm", "mh"}
)


def meaningful(text: str | None) -> bool:
    """Speech worth keeping as a description, name or address: a real word in it."""
    return any(len(w) >= 2 and not w.isdigit() and w not in FILLERS for w in words(text or ""))


#: Numbers as the recogniser may write them, so "die Eins" works like the key 1.
SPOKEN_KEYS = {
    "null": "0",
    "eins": "1",
    "zwei": "2",
    "drei": "3",
    "vier": "4",
    "funf": "5",
    "stern": "*",
    "sterntaste": "*",
    "raute": "#",
    "rautetaste": "#",
    "0": "0",
    "1": "1",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5",
}


def spoken_key(tokens: list[str]) -> str | None:
    """A key named in speech ("die zwei", "2"), if exactly one is named."""
    keys = {SPOKEN_KEYS[t] for t in tokens if t in SPOKEN_KEYS}
    return keys.pop() if len(keys) == 1 else None


def mentions(tokens: list[str], stems: tuple[str, ...]) -> bool:
    """Whether a token starts with one of the (normalised) stems; a stem with a space is a
    phrase and must appear as such."""
    joined = " " + " ".join(tokens) + " "
    return any(
        (f" {stem}" in joined) if " " in stem else any(t.startswith(stem) for t in tokens)
        for stem in stems
    )
