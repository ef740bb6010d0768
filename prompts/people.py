"""Texts about people data: import errors and results (read by staff)."""

from . import Prompt

IMPORT_NOT_CSV = Prompt("Die Datei ist keine lesbare CSV-Datei.")
IMPORT_TOO_BIG = Prompt("Die Datei ist zu groß (höchstens %(max)s Zeilen).")
IMPORT_NO_HEADER = Prompt("Die erste Zeile muss die Spaltennamen enthalten.")
IMPORT_MISSING_COLUMNS = Prompt("Es fehlen Spalten: %(columns)s.")
IMPORT_UNKNOWN_COLUMNS = Prompt("Unbekannte Spalten: %(columns)s.")
IMPORT_DUPLICATE_COLUMNS = Prompt("Spalten stehen doppelt da: %(columns)s.")
ROW_ROLE = Prompt("Rolle „%(value)s“ unbekannt (client oder volunteer).")
ROW_NAME = Prompt("Name fehlt.")
ROW_PHONE = Prompt("Telefonnummer „%(value)s“ ist ungültig.")
ROW_ERASED = Prompt("Unter dieser Telefonnummer war eine Person gespeichert, die gelöscht wurde.")
ROW_PHONE_TWICE = Prompt("Telefonnummer steht schon in Zeile %(line)s mit anderen Angaben.")
ROW_CATEGORY = Prompt("Kategorie „%(value)s“ unbekannt (shopping, dog_walking, phone_chat, other).")
ROW_LANGUAGE = Prompt("Sprache „%(value)s“ ist kein ISO-Kürzel wie de oder tr.")
ROW_STATUS = Prompt("Status „%(value)s“ unbekannt (active, pending, paused).")
ROW_STATUS_CLIENT = Prompt("Status gibt es nur für Helfende.")
ROW_PREFERS = Prompt("Kontaktweg „%(value)s“ unbekannt (sms oder call).")
ROW_AVAILABILITY = Prompt("Verfügbarkeit „%(value)s“ nicht lesbar (Beispiel: Mo-Fr 9-17).")
ROW_TOO_LONG = Prompt("Feld „%(column)s“ ist zu lang (höchstens %(max)s Zeichen).")
ROW_CONTROL = Prompt("Feld „%(column)s“ enthält Steuerzeichen (beschädigte Datei?).")
ROW_COLUMNS = Prompt("Zeile hat %(found)s statt %(expected)s Felder.")
ROW_VOLUNTEER_NO_CATEGORY = Prompt("Helfende brauchen mindestens eine Kategorie.")

RESULT = Prompt("%(created)s neu, %(updated)s geändert, %(unchanged)s unverändert.")
RESULT_ERRORS = Prompt("Fehlerhafte Zeilen: %(count)s. Nichts wurde importiert.")
RESULT_FILE_ERRORS = Prompt("Die Datei kann so nicht gelesen werden. Nichts wurde importiert.")
