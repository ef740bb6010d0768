"""Recordings for the sandbox phones: a WAV file where Twilio would keep an MP3."""

from __future__ import annotations

import math
import secrets
import shutil
import struct
import subprocess
import wave
from pathlib import Path

RATE = 8000


def _tone(path: Path, seconds: float = 1.5) -> None:
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / RATE)))
        for i in range(int(RATE * seconds))
    )
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)


def make_recording(directory: Path, text: str | None) -> str:
    """Write a recording (spoken ``text`` if espeak-ng is there, else a tone); return its sid."""
    directory.mkdir(parents=True, exist_ok=True)
    sid = "RE" + secrets.token_hex(16)
    path = directory / f"{sid}.wav"
    espeak = shutil.which("espeak-ng")
    if espeak and text:
        try:
            subprocess.run(  # noqa: S603 - fixed program, text passed as one argument
                [espeak, "-v", "de", "-w", str(path), text[:500]],
                check=True,
                timeout=20,
                capture_output=True,
            )
            return sid
        except (subprocess.SubprocessError, OSError):
            pass
    _tone(path)
    return sid
