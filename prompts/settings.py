"""A Kommune's own settings as staff and operators read them: why a value was refused
(the same words in Einstellungen and on the command line), the Länder and the languages
by their German names."""

from functools import cache

from babel import Locale

from . import Prompt

#: Why weekly hours could not be read (``models.week.HoursError.problem``).
HOURS = {
    "empty": Prompt("Bitte Zeiten angeben, z. B. „Mo-Do 9-16, Fr 9-12“."),
    "day": Prompt("„%(part)s“ ist kein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So)."),
    "day_order": Prompt("„%(part)s“: Der erste Tag muss vor dem letzten liegen (z. B. Mo-Fr)."),
    "time": Prompt("„%(part)s“ ist keine Uhrzeit von 0 bis 24 (z. B. 9-16 oder 9:30-12)."),
    "time_order": Prompt("„%(part)s“: Das Ende muss nach dem Anfang liegen."),
    "overlap": Prompt("Zwei Zeiten am %(part)s überschneiden sich."),
    "no_hours": Prompt("Für „%(part)s“ fehlen die Uhrzeiten (z. B. Mo-Fr 9-16)."),
    "minutes": Prompt("Hier gehen nur volle Stunden (z. B. 8-20)."),
    "several": Prompt("Hier geht nur eine Zeitspanne für alle Tage (z. B. Mo-Fr 9-17)."),
    "no_days": Prompt("Vor „%(part)s“ fehlt der Wochentag (z. B. Di 10:00)."),
}
STATE_UNKNOWN = Prompt("Bundesland „%(value)s“ unbekannt (z. B. NW, BY, BE).")
LANGUAGE_UNKNOWN = Prompt("Für „%(value)s“ gibt es keine Ansagen. Möglich sind: %(available)s.")
LANGUAGES_TOO_MANY = Prompt(
    "Höchstens %(max)s Sprachen, Deutsch eingeschlossen: Anrufende wählen ihre Sprache "
    "am Anfang mit einer eigenen Taste (6 bis 9)."
)
DUTY_PHONE_INVALID = Prompt("„%(value)s“ ist keine gültige Telefonnummer.")
COUNTRY_UNKNOWN = Prompt(
    "„%(value)s“ ist kein Land, das wir anrufen können (z. B. Deutschland oder AT)."
)
DUTY_PHONE_IS_HOTLINE = Prompt(
    "%(number)s ist eine Hotline-Nummer: Anrufe für das Team liefen im Kreis."
)
DUTY_PHONES_TOO_MANY = Prompt("Höchstens %(max)s Telefone des Teams.")
ROTA_LINE = Prompt(
    "„%(line)s“: bitte Telefonnummer, Doppelpunkt und Zeiten, z. B. „0152 28817399: Mo-Fr 9-13“."
)
ROTA_TOO_LONG = Prompt("Höchstens %(max)s Zeilen im Dienstplan.")
GREETING_TOO_LONG = Prompt("Der Name in der Begrüßung darf höchstens %(max)s Zeichen haben.")

#: The Länder by their German names (``holidays`` subdivisions).
STATES = {
    "BW": Prompt("Baden-Württemberg"),
    "BY": Prompt("Bayern"),
    "BE": Prompt("Berlin"),
    "BB": Prompt("Brandenburg"),
    "HB": Prompt("Bremen"),
    "HH": Prompt("Hamburg"),
    "HE": Prompt("Hessen"),
    "MV": Prompt("Mecklenburg-Vorpommern"),
    "NI": Prompt("Niedersachsen"),
    "NW": Prompt("Nordrhein-Westfalen"),
    "RP": Prompt("Rheinland-Pfalz"),
    "SL": Prompt("Saarland"),
    "SN": Prompt("Sachsen"),
    "ST": Prompt("Sachsen-Anhalt"),
    "SH": Prompt("Schleswig-Holstein"),
    "TH": Prompt("Thüringen"),
}


@cache
def _language_names() -> dict[str, str]:
    return dict(Locale.parse("de").languages)


def language_name(code: str) -> str:
    """ "de" → "Deutsch", "tr" → "Türkisch" (the code itself for anything unknown)."""
    return _language_names().get(code, code)


def hours_problem(problem: str, part: str = "") -> str:
    """Why weekly hours were refused, in German."""
    prompt = HOURS.get(problem, HOURS["time"])
    return prompt(part=part)
