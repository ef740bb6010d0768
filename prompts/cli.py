"""What the command line prints for staff and operators."""

from . import Prompt

FAILED = Prompt("Fehler: %(message)s")
DB_UPGRADED = Prompt("Datenbank ist auf dem neuesten Stand.")
KOMMUNE_EXISTS = Prompt("Die Kommune „%(name)s“ gibt es schon.")
KOMMUNE_UNKNOWN = Prompt(
    "Die Kommune „%(name)s“ gibt es nicht. Anlegen mit: nachbarruf kommune add NAME --number +49…"
)
KOMMUNE_NAME = Prompt("Der Name der Kommune muss 1 bis %(max)s Zeichen haben.")
KOMMUNE_ADDED = Prompt("Kommune „%(name)s“ angelegt, Rufnummer %(numbers)s.")
NUMBER_INVALID = Prompt("„%(value)s“ ist keine gültige Telefonnummer.")
NUMBER_TAKEN = Prompt("Die Rufnummer %(number)s gehört schon zur Kommune „%(name)s“.")
STATE_INVALID = Prompt("Bundesland „%(value)s“ unbekannt (z. B. NW, BY, BE).")
DUTY_IS_HOTLINE = Prompt(
    "Das Diensttelefon %(number)s ist eine Hotline-Nummer: Anrufe liefen im Kreis."
)
KOMMUNE_SETTINGS = Prompt(
    "%(name)s\n"
    "  Name in der Begrüßung: %(greeting)s\n"
    "  Bürozeiten: %(office_hours)s\n"
    "  Bundesland (Feiertage): %(state)s\n"
    "  Sprachen: %(languages)s\n"
    "  Telefon des Teams: %(duty_phones)s\n"
    "  Kontaktzeiten: %(contact_hours)s\n"
    "  SMS und Anrufe in: %(countries)s\n"
    "  Nummern geschützt: %(masked)s"
)
MASKED_YES = Prompt("ja (Gespräche nur über die Hotline)")
MASKED_NO = Prompt("nein (Helfende bekommen die Nummer per SMS)")
COUNTRIES_DEFAULT = Prompt("wie OUTBOUND_COUNTRIES (Standard DE)")
CONTACT_HOURS_DEFAULT = Prompt("wie CONTACT_HOURS (Standard 8-20)")
STAFF_EXISTS = Prompt("Es gibt schon ein Konto für %(email)s.")
STAFF_EMAIL = Prompt("„%(value)s“ ist keine E-Mail-Adresse.")
STAFF_NAME_LONG = Prompt("Der Name darf höchstens %(max)s Zeichen haben.")
STAFF_PASSWORD = Prompt("Passwort")
STAFF_PASSWORD_AGAIN = Prompt("Passwort wiederholen")
STAFF_PASSWORD_MISMATCH = Prompt("Die Passwörter stimmen nicht überein.")
STAFF_PASSWORD_SHORT = Prompt("Das Passwort braucht mindestens %(min)s Zeichen.")
STAFF_ADDED = Prompt("Konto %(email)s (%(role)s, %(kommune)s) angelegt.")
IMPORT_ROW_ERROR = Prompt("Zeile %(line)s: %(error)s")
IMPORT_DRY_RUN = Prompt("Probelauf: nichts wurde gespeichert.")
IMPORT_FILE_MISSING = Prompt("Datei nicht gefunden: %(path)s")
IMPORT_FILE_UNREADABLE = Prompt("Datei kann nicht gelesen werden: %(path)s")
IMPORT_ROW_NEW = Prompt("Zeile %(line)s: neu")
IMPORT_ROW_CHANGES = Prompt("Zeile %(line)s: ändert %(fields)s")
BAN_ADDED = Prompt("Die Nummer %(number)s ist für „%(kommune)s“ gesperrt.")
BAN_EXISTS = Prompt("Die Nummer %(number)s ist für „%(kommune)s“ schon gesperrt.")
BAN_REMOVED = Prompt("Die Sperre für %(number)s („%(kommune)s“) ist aufgehoben.")
BAN_UNKNOWN = Prompt("Die Nummer %(number)s ist für „%(kommune)s“ nicht gesperrt.")
BAN_NONE = Prompt("Für „%(kommune)s“ ist keine Nummer gesperrt.")
BAN_HOTLINE = Prompt("%(number)s ist eine Hotline-Nummer und kann nicht gesperrt werden.")

PHONE_CALLING = Prompt("Anruf von %(caller)s bei %(number)s (%(url)s) …")
PHONE_HEARD = Prompt("🔊 %(text)s")
PHONE_KEYS = Prompt("Tasten oder Worte (leer = nichts sagen, q = auflegen)> ")
PHONE_RECORD = Prompt("🎙 Aufnahme – sprechen Sie (tippen Sie den Text; leer = nichts sagen)> ")
PHONE_DIAL = Prompt("☎ Weiterleitung an %(number)s. Nimmt jemand ab? [j/n]> ")
PHONE_ENDED = Prompt("Aufgelegt. Dauer etwa %(seconds)s Sekunden.")
PHONE_HUNG_UP = Prompt("Sie haben aufgelegt.")
PHONE_NO_SERVER = Prompt(
    "Die Hotline antwortet nicht unter %(url)s. Läuft sie? Starten mit: ./dev start"
)
PHONE_ERROR = Prompt("Die Hotline hat nicht wie Twilio erwartet geantwortet: %(error)s")
PHONE_NO_KOMMUNE = Prompt(
    "Es gibt noch keine Kommune. Starten Sie die Demo (./dev start) oder legen Sie eine an."
)
PHONE_SCRIPT_LEFT = Prompt("Das Skript ist zu Ende, der Anruf noch nicht: es wird aufgelegt.")
PHONE_NOTHING_TO_ANSWER = Prompt("Kein ausgehender Anruf mit der Nummer %(id)s wartet.")
PHONE_ANSWERING = Prompt("Sie nehmen den Anruf %(id)s an %(number)s an …")

DEMO_REDIS = Prompt("Redis: %(how)s")
DEMO_REDIS_FAKE = Prompt(
    "ACHTUNG: kein Redis gefunden – die Warteschlange läuft nur im Speicher dieses Prozesses. "
    "Die Datenbank hält trotzdem alles Wichtige."
)
DEMO_READY = Prompt("Nachbarruf läuft (Sandbox: nichts wird wirklich verschickt).")
DEMO_DASHBOARD = Prompt("Dashboard:   %(url)s   Anmeldung: %(email)s / %(password)s")
DEMO_CALL = Prompt("Anrufen:     in einem zweiten Terminal: %(command)s")
DEMO_BROWSER_PHONE = Prompt("Telefon im Browser: %(url)s")
DEMO_OUTBOX = Prompt("Gesendetes:  %(command)s")
DEMO_STOP = Prompt("Beenden mit Strg+C.")
DEMO_ENDED = Prompt("Die Demo ist beendet.")
DEMO_DATA = Prompt("Demo-Daten: Kommune „%(kommune)s“ mit %(people)s Personen.")

WORKER_NO_REDIS = Prompt("Redis ist unter %(url)s nicht erreichbar.")
OUTBOX_EMPTY = Prompt("Noch nichts verschickt.")

OUTBOX_SMS = Prompt("#%(id)s  SMS    %(time)s  an %(to)s  [%(status)s]  %(purpose)s")
OUTBOX_CALL = Prompt("#%(id)s  Anruf  %(time)s  an %(to)s  [%(status)s]  %(purpose)s")
OUTBOX_ANSWER = Prompt("      annehmen: nachbarruf call --answer %(id)s")
OUTBOX_REPLY = Prompt('      antworten: nachbarruf sms %(number)s "JA %(ref)s"')
SMS_SENDING = Prompt("SMS von %(sender)s: %(body)s")
SMS_REPLY = Prompt("Antwort: %(body)s")
SMS_NO_REPLY = Prompt("(keine Antwort)")
DEMO_PORT_TAKEN = Prompt("Port %(port)s ist belegt (--port wählt einen anderen).")
DEMO_NOT_STARTED = Prompt("Web oder Worker ist nicht gestartet (siehe oben).")
DEMO_STOPPED = Prompt("Web oder Worker wurde beendet (siehe oben).")
STATEMENTS_MONTH_OR_YEAR = Prompt(
    "Bitte --month 2026-12 oder --year 2026 angeben (eins von beiden)."
)
STATEMENTS_MONTH = Prompt("„%(value)s“ ist kein Monat wie 2026-12.")
STATEMENTS_FOLDER = Prompt("Der Ordner %(path)s lässt sich nicht anlegen.")
STATEMENTS_WRITTEN = Prompt("%(n)s Dateien in %(path)s geschrieben.")
ALLOWANCE_INVALID = Prompt(
    "„%(value)s“ ist kein Betrag bis 100 Euro (z. B. 5 oder 5,50; leer: keine)."
)
ALLOWANCE = Prompt("  Aufwandsentschädigung je Stunde: %(amount)s")
ALLOWANCE_NONE = Prompt("keine")

# --- phone friendships -------------------------------------------------------------------------
PAIRING_ROLE = {"client": Prompt("Klient*in"), "volunteer": Prompt("Helfer*in")}
PAIRING_NOBODY = Prompt("Keine Person mit der Nummer „%(number)s“ (%(role)s) in dieser Kommune.")
PAIRING_UNKNOWN = Prompt("Keine Telefonpatenschaft mit der Nummer %(id)s.")
PAIRING_PROBLEM = {
    "other_kommune": Prompt("Beide müssen zur selben Kommune gehören."),
    "not_a_client": Prompt("Die Person ist nicht als Klient*in eingetragen."),
    "not_a_volunteer": Prompt("Die Person ist nicht als Helfer*in eingetragen."),
    "same_person": Prompt("Klient*in und Helfer*in müssen zwei Personen sein."),
    "no_slots": Prompt("Bitte mindestens eine Zeit angeben, z. B. „Di 10:00“."),
}
PAIRING_ADDED = Prompt(
    "Telefonpatenschaft %(ref)s: %(client)s mit %(volunteer)s, %(slots)s. "
    "Erstes Telefonat: %(first)s."
)
PAIRING_NONE = Prompt("Keine Telefonpatenschaften in %(kommune)s.")
PAIRING_STATUS = {"active": Prompt("läuft"), "ended": Prompt("beendet")}
PAIRING_NOTHING_PLANNED = Prompt("Für %(ref)s ist kein Telefonat geplant.")
PAIRING_PAUSED = Prompt("Telefonpatenschaft %(ref)s: das Telefonat am %(when)s fällt aus.")
PAIRING_ENDED = Prompt("Telefonpatenschaft %(ref)s ist beendet.")
PAIRING_ENDED_ALREADY = Prompt("Telefonpatenschaft %(ref)s war schon beendet.")
PRICES_FETCHED = Prompt("%(count)s Preise von Twilio übernommen.")
