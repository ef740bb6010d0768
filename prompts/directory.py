"""Texts about the directory of offers for staff and operators: import and export errors
and results, labels of the offer's fields and states."""

from . import Prompt

IMPORT_NOT_READABLE = Prompt("Die Datei ist weder eine lesbare CSV-Datei noch ein HSDS-Paket.")
IMPORT_NO_SERVICES = Prompt("Im HSDS-Paket fehlt die Datei services.csv.")
IMPORT_HSDS_FILE = Prompt("%(file)s: %(error)s")
IMPORT_TOO_BIG = Prompt("Die Datei ist zu groß (höchstens %(max)s Angebote).")
ROW_NAME = Prompt("Name fehlt.")
ROW_PHONE = Prompt("Telefonnummer „%(value)s“ ist ungültig.")
ROW_HOURS = Prompt(
    "Öffnungszeiten „%(value)s“ nicht lesbar (Beispiel: Mo-Fr 9-12, Di 14-18 "
    "oder „nach Vereinbarung“)."
)
ROW_WEBSITE = Prompt("Webseite „%(value)s“ ist keine Adresse wie www.beispiel.de.")
ROW_EMAIL = Prompt("E-Mail „%(value)s“ ist keine E-Mail-Adresse.")
ROW_STATUS = Prompt("Status „%(value)s“ unbekannt (aktiv, pausiert, eingestellt).")
ROW_CHECKED = Prompt("Datum „%(value)s“ nicht lesbar (Beispiel: 15.03.2026).")
ROW_LANGUAGE = Prompt("Sprache „%(value)s“ ist kein ISO-Kürzel wie de oder tr.")
ROW_TWICE = Prompt("Dasselbe Angebot (Name, Träger, Adresse) steht schon in Zeile %(line)s.")
ROW_ID_TWICE = Prompt("Dieselbe Kennung steht schon in Zeile %(line)s.")
ROW_ID = Prompt("Kennung „%(value)s“ ist zu lang (höchstens 36 Zeichen).")

RESULT = Prompt("%(created)s neu, %(updated)s geändert, %(unchanged)s unverändert.")
RESULT_NEW_TERMS = Prompt("Neu im Verzeichnis: %(terms)s.")
EXPORTED = Prompt("%(count)s Angebote als HSDS 3.0 nach %(path)s geschrieben.")
EXPORT_NOT_EMPTY = Prompt("Der Ordner %(path)s enthält schon Dateien; bitte einen leeren wählen.")

#: Column names as the import's messages show them, when the file names none.
FIELD = {
    "name": Prompt("Name"),
    "organization": Prompt("Träger"),
    "description": Prompt("Beschreibung"),
    "summary": Prompt("Kurzbeschreibung"),
    "topics": Prompt("Themen"),
    "target_groups": Prompt("Zielgruppen"),
    "districts": Prompt("Ortsteil"),
    "address": Prompt("Adresse"),
    "phone": Prompt("Telefon"),
    "hours": Prompt("Öffnungszeiten"),
    "website": Prompt("Webseite"),
    "email": Prompt("E-Mail"),
    "languages": Prompt("Sprachen"),
    "cost": Prompt("Kosten"),
    "accessibility": Prompt("Barrierefreiheit"),
    "status": Prompt("Status"),
    "checked_on": Prompt("zuletzt geprüft"),
}

#: An offer's status as staff and the public page read it.
STATUS = {
    "active": Prompt("aktiv"),
    "paused": Prompt("pausiert"),
    "retired": Prompt("eingestellt"),
}
#: Weekday abbreviations, Monday first.
WEEKDAY_SHORT = (
    Prompt("Mo"),
    Prompt("Di"),
    Prompt("Mi"),
    Prompt("Do"),
    Prompt("Fr"),
    Prompt("Sa"),
    Prompt("So"),
)

# --- the public page (written, Python side) -----------------------------------------------------------
OPEN_NOW_UNTIL = Prompt("Jetzt geöffnet, bis %(time)s Uhr")
OPENS_TODAY = Prompt("Gerade geschlossen, öffnet heute um %(time)s Uhr")
OPENS_ON = Prompt("Gerade geschlossen, öffnet %(day)s um %(time)s Uhr")
BY_APPOINTMENT = Prompt("Termine nach Vereinbarung")
ALL_TOPICS = Prompt("alle Themen")
ALL_DISTRICTS = Prompt("alle Ortsteile")
EVERYONE = Prompt("alle")
