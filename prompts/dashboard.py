"""What staff read in the dashboard (Python side; templates use ``_()`` directly).

Labels for stored keys (statuses, categories, steps) are dicts of Prompts: look them up
with :func:`label`, which falls back to the key itself for anything new.
"""

from . import Prompt

# --- login -------------------------------------------------------------------------------------
LOGIN_FAILED = Prompt(
    "E-Mail-Adresse oder Passwort ist falsch – oder das Konto ist nach mehreren "
    "Fehlversuchen für einige Minuten gesperrt."
)
LOGIN_REQUIRED = Prompt("Bitte melden Sie sich an.")
LOGGED_OUT = Prompt("Sie sind abgemeldet.")
TOO_MANY_ATTEMPTS = Prompt(
    "Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut."
)
CSRF_FAILED = Prompt(
    "Das Formular war abgelaufen oder unvollständig. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
)
NOT_FOUND = Prompt("Diese Seite gibt es nicht – oder sie gehört zu einer anderen Kommune.")
FORBIDDEN = Prompt("Dafür braucht Ihr Konto die Rolle Verwaltung.")
SERVER_ERROR = Prompt("Da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.")
TOO_LARGE = Prompt("Die Datei ist zu groß.")

# --- form messages ----------------------------------------------------------------------------------
REQUIRED = Prompt("Bitte ausfüllen.")
PHONE_INVALID = Prompt("Das ist keine gültige Telefonnummer.")
PHONE_TAKEN = Prompt("Diese Nummer gehört schon zu %(name)s.")
ROLE_MISSING = Prompt("Bitte wählen Sie mindestens eine Rolle.")
LANGUAGE_UNKNOWN = Prompt("Sprache „%(value)s“ unbekannt (z. B. Deutsch, Türkisch, Arabisch).")
CATEGORIES_MISSING = Prompt("Helfende brauchen mindestens eine Kategorie.")
HOURS_INVALID = Prompt("„Bis“ muss nach „von“ liegen.")
DAYS_MISSING = Prompt("Bitte mindestens einen Wochentag wählen.")
EMAIL_INVALID = Prompt("Das ist keine E-Mail-Adresse.")
EMAIL_TAKEN = Prompt("Für diese E-Mail-Adresse gibt es schon ein Konto.")
PASSWORD_SHORT = Prompt("Das Passwort braucht mindestens %(min)s Zeichen.")
PASSWORDS_DIFFER = Prompt("Die Passwörter stimmen nicht überein.")
CONFIRM_ERASE = Prompt("Bitte bestätigen Sie das Löschen.")
DATE_RANGE = Prompt("Das Ende muss nach dem Anfang liegen.")
SALUTATION_NEEDED = Prompt("Für „Frau oder Herr und Nachname“ bitte die Anrede wählen.")
PIN_INVALID = Prompt("Die PIN hat genau 4 Ziffern.")
PIN_NEEDED = Prompt("Bitte eine PIN mit 4 Ziffern eingeben.")

# --- flash messages after actions -----------------------------------------------------------------------
SAVED = Prompt("Gespeichert.")
NOT_POSSIBLE = Prompt("Das geht bei diesem Stand der Anfrage nicht (mehr).")
VERIFIED = Prompt("Die Person ist geprüft; die Suche nach Helfenden beginnt.")
ASSIGNED = Prompt("%(name)s hat die Anfrage übernommen; sie*er bekommt die Details per SMS.")
DISPATCHED_AGAIN = Prompt("Die Suche nach Helfenden beginnt von vorn.")
CANCELLED = Prompt("Die Anfrage ist abgesagt.")
MARKED_DONE = Prompt("Die Anfrage ist als erledigt vermerkt.")
OUTCOME_LOGGED = Prompt("Das Ergebnis ist notiert.")
FLAG_RESOLVED = Prompt("Als geklärt vermerkt.")
REQUEST_CREATED = Prompt("Anfrage %(ref)s ist angelegt.")
REQUEST_FROM_CALL = Prompt(
    "Anfrage %(ref)s ist angelegt; der Anruf gehört jetzt dazu, der Rückruf ist erledigt."
)
CALL_HAS_REQUEST = Prompt("Aus diesem Anruf ist schon eine Anfrage geworden.")
PERSON_CREATED = Prompt("%(name)s ist angelegt.")
PERSON_SAVED = Prompt("Die Angaben sind gespeichert.")
VOLUNTEER_APPROVED = Prompt("%(name)s ist freigegeben und bekommt ab jetzt Anfragen.")
VOLUNTEER_PAUSED = Prompt("%(name)s ist pausiert.")
VOLUNTEER_RESUMED = Prompt("%(name)s bekommt wieder Anfragen.")
VOLUNTEER_BLOCKED = Prompt("%(name)s ist gesperrt.")
VOLUNTEER_UNBLOCKED = Prompt("%(name)s ist wieder freigeschaltet.")
NO_CHANGE = Prompt("Nichts geändert.")
PIN_SAVED = Prompt("Die PIN-Einstellung ist gespeichert.")
PERSON_ERASED = Prompt(
    "Die Daten der Person sind gelöscht; ihre Aufnahmen werden auch bei Twilio gelöscht."
)
CALLBACK_DONE = Prompt("Der Rückruf ist als erledigt vermerkt.")
IMPORT_DONE = Prompt("Import gespeichert: %(summary)s")
IMPORT_CHANGED = Prompt(
    "Die Datei hat sich seit der Vorschau verändert. Bitte laden Sie sie noch einmal hoch."
)
IMPORT_NO_FILE = Prompt("Bitte wählen Sie eine CSV-Datei.")
STAFF_CREATED = Prompt("Das Konto %(email)s ist angelegt.")
STAFF_DEACTIVATED = Prompt("Das Konto %(email)s ist deaktiviert.")
STAFF_ACTIVATED = Prompt("Das Konto %(email)s ist wieder aktiv.")
STAFF_UNLOCKED = Prompt("Das Konto %(email)s ist entsperrt.")
STAFF_NOT_SELF = Prompt("Ihr eigenes Konto können Sie hier nicht deaktivieren.")
PHONE_DISABLED = Prompt(
    "Das Telefon im Browser gibt es nur im Übungsbetrieb (ohne echte SMS und Anrufe)."
)
PHONE_NOTHING_WAITING = Prompt("Der Anruf wartet gerade auf nichts.")
PHONE_CALL_GONE = Prompt("Diesen Anruf gibt es nicht (mehr) zum Abnehmen.")
#: The browser phone of a staff member on shift: a caller pressed 0 and their phone rings.
PHONE_ROTA_RINGING = Prompt("Anruf für den Dienstplan: klingelt bei %(number)s")
PHONE_ROTA_CONNECTED = Prompt("Sie sind mit der anrufenden Person verbunden.")
BAN_ADDED = Prompt("Die Nummer %(number)s ist gesperrt.")
BAN_EXISTS = Prompt("Diese Nummer ist schon gesperrt.")
BAN_REMOVED = Prompt("Die Sperre für %(number)s ist aufgehoben.")
PHONE_FAILED = Prompt("Die Hotline hat nicht geantwortet: %(error)s")
RECORDING_UNAVAILABLE = Prompt("Die Aufnahme ist nicht (mehr) verfügbar.")
RECORDING_UNREACHABLE = Prompt(
    "Die Aufnahme ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal."
)

PERSON_MISSING = Prompt("Bitte wählen Sie eine Person – oder legen Sie eine neue an.")

# --- how things are shown ----------------------------------------------------------------------------------
ANONYMOUS = Prompt("unterdrückte Nummer")
UNKNOWN_CALLER = Prompt("unbekannt")
ERASED_PERSON = Prompt("gelöschte Person")
SYSTEM = Prompt("System")
CLIENT = Prompt("Klient*in")
VOLUNTEER = Prompt("Helfer*in")
STAFF = Prompt("Team")
ROUND = Prompt("Runde %(n)s")
SAME_NUMBER = Prompt("gleiche Nummer")
SIMILAR_NAME = Prompt("ähnlicher Name")
FOUND_BY_SEARCH = Prompt("gesucht")
AGE_NOW = Prompt("gerade eben")
AGE = Prompt("vor %(age)s")
SECONDS = Prompt("%(n)s s")
MINUTES_SECONDS = Prompt("%(m)s min %(s)s s")

CATEGORY = {
    "shopping": Prompt("Einkaufen"),
    "dog_walking": Prompt("Hund ausführen"),
    "phone_chat": Prompt("Telefongespräch"),
    "other": Prompt("Sonstiges"),
}
WHEN = {
    "today": Prompt("heute"),
    "tomorrow": Prompt("morgen"),
    "soon": Prompt("in den nächsten Tagen"),
}
REQUEST_STATUS = {
    "review": Prompt("Prüfen"),
    "new": Prompt("Neu"),
    "searching": Prompt("Suche läuft"),
    "assigned": Prompt("Vergeben"),
    "done": Prompt("Erledigt"),
    "cancelled": Prompt("Abgesagt"),
    "unmatched": Prompt("Niemand gefunden"),
}
#: Why a request needs staff (HelpRequest.attention_reason), in the order they come first.
ATTENTION = {
    "review": Prompt("Unbekannte*r Anrufer*in: bitte prüfen"),
    "unmatched": Prompt("Niemand gefunden: bitte selbst vermitteln"),
    "notice_unanswered": Prompt("Bestätigung an Klient*in nicht angekommen"),
    "followup_problem": Prompt("„Nein“ bei der Nachfrage"),
    "concern": Prompt("Sorge gemeldet"),
    "delivery_failed": Prompt(
        "Nachricht oder Anruf ging dauerhaft nicht raus: bitte selbst melden"
    ),
    "volunteer_gone": Prompt("Helfer*in fällt aus: neue Suche läuft"),
    "pin_missing": Prompt("Anruf ohne PIN von der Nummer einer Person mit PIN: bitte prüfen"),
    "too_many_open": Prompt("Wollte noch eine Anfrage stellen (zu viele offen): bitte anrufen"),
}
#: The note of that flag: what the client asked for.
OVER_LIMIT_NOTE = Prompt("Gewünscht: %(category)s, %(when)s. %(text)s")
#: Whether the client knows who comes (HelpRequest.client_notice).
NOTICE_STATE = {
    "pending": Prompt("ausstehend"),
    "told": Prompt("bestätigt"),
    "unreachable": Prompt("nicht erreicht"),
}
#: How far the follow-up call got (HelpRequest.followup_state).
FOLLOWUP_STATE = {
    "due": Prompt("geplant"),
    "ok": Prompt("alles gut"),
    "problem": Prompt("Problem"),
    "unreachable": Prompt("nicht erreicht"),
    "by_staff": Prompt("vom Team nachgefragt"),
}
VOLUNTEER_STATUS = {
    "pending": Prompt("Wartet auf Freigabe"),
    "active": Prompt("Aktiv"),
    "paused": Prompt("Pausiert"),
    "blocked": Prompt("Gesperrt"),
    "opted_out": Prompt("Abgemeldet (STOPP)"),
}
OFFER_STATUS = {
    "pending": Prompt("wird gesendet"),
    "sent": Prompt("gesendet"),
    "delivered": Prompt("zugestellt"),
    "answered": Prompt("abgehoben"),
    "accepted": Prompt("zugesagt"),
    "declined": Prompt("abgelehnt"),
    "expired": Prompt("keine Antwort"),
    "taken": Prompt("schon vergeben"),
    "failed": Prompt("nicht erreichbar"),
    "withdrawn": Prompt("zurückgezogen"),
}
OUTCOME = {
    "done": Prompt("Erledigt"),
    "not_home": Prompt("Niemand angetroffen"),
    "cancelled": Prompt("Abgesagt"),
    "concern": Prompt("Sorge / Auffälligkeit"),
    "followup_ok": Prompt("Nachfrage: alles gut"),
    "followup_problem": Prompt("Nachfrage: Problem"),
    "note": Prompt("Notiz"),
}
CHANNEL = {
    "sms": Prompt("SMS"),
    "call": Prompt("Anruf"),
    "staff": Prompt("Team"),
}
#: Call steps, for the path through the menu.
STEP = {
    "incoming": Prompt("Begrüßung"),
    "main": Prompt("Hauptmenü"),
    "when": Prompt("Wann"),
    "describe": Prompt("Beschreibung"),
    "record_description": Prompt("Aufnahme"),
    "recorded_description": Prompt("Aufnahme"),
    "number": Prompt("Rufnummer"),
    "name": Prompt("Name"),
    "address": Prompt("Adresse"),
    "record_contact": Prompt("Aufnahme Kontakt"),
    "recorded_contact": Prompt("Aufnahme Kontakt"),
    "confirm": Prompt("Bestätigen"),
    "status": Prompt("Stand der Anfrage"),
    "cancel_confirm": Prompt("Absagen?"),
    "anything_else": Prompt("Noch etwas?"),
    "done": Prompt("Anfrage aufgenommen"),
    "human": Prompt("Zum Team"),
    "dial_done": Prompt("Gespräch mit Team"),
    "voicemail": Prompt("Anrufbeantworter"),
    "voicemail_done": Prompt("Nachricht"),
    "goodbye": Prompt("Verabschiedung"),
    "not_in_service": Prompt("Nummer nicht vergeben"),
    "language": Prompt("Sprachwahl"),
    "pin": Prompt("PIN"),
    "over_limit": Prompt("Zu viele offene Anfragen"),
    "cancel": Prompt("Absagen"),
    "keep": Prompt("Anfrage bleibt"),
    "offers_topic": Prompt("Angebote: Thema"),
    "offers_where": Prompt("Angebote: Ortsteil bekannt?"),
    "offers_district": Prompt("Angebote: Ortsteil"),
    "offers_search": Prompt("Angebote: Suche"),
    "offers_list": Prompt("Angebote vorgelesen"),
    "offers_sms": Prompt("Angebote per SMS"),
    "offers_connect": Prompt("Angebote: Verbindung"),
    "offers_dial_done": Prompt("Angebote: Gespräch beendet"),
    "assignments": Prompt("Übernommene Anfragen"),
    "talk_client": Prompt("Gespräch mit Klient*in"),
    "talk_volunteer": Prompt("Gespräch mit Helfer*in"),
    "other_concern": Prompt("Anderes Anliegen"),
    "bridge": Prompt("Verbinden über die Hotline"),
    "bridge_done": Prompt("Verbindung beendet"),
    "concern_about": Prompt("Sorge: um wen"),
    "concern_words": Prompt("Sorge: in eigenen Worten"),
    "concern_record": Prompt("Sorge: Aufnahme"),
    "concern_recorded": Prompt("Sorge aufgenommen"),
    "pairing": Prompt("Telefonpatenschaft: Anruf bei Helfer*in"),
    "pairing_connect": Prompt("Telefonpatenschaft: Zusage"),
    "pairing_decline": Prompt("Telefonpatenschaft: heute nicht"),
    "pairing_dial": Prompt("Telefonpatenschaft: Verbinden"),
    "pairing_dial_done": Prompt("Telefonpatenschaft: Verbindung beendet"),
    "pair_notice": Prompt("Telefonpatenschaft: Hinweis, dass es ausfällt"),
    "pairing_pause": Prompt("Telefonpatenschaft: Pause"),
    "checkin": Prompt("Täglicher Anruf: alles in Ordnung?"),
    "checkin_ok": Prompt("Täglicher Anruf: alles in Ordnung"),
    "checkin_help": Prompt("Täglicher Anruf: Hilfe"),
    "checkin_toggle": Prompt("Täglicher Anruf: Pause ein oder aus"),
    "trusted": Prompt("Hinweis an die Vertrauensperson"),
    "offers_more": Prompt("Weitere Angebote"),
    "pin_ok": Prompt("PIN richtig"),
    "pin_failed": Prompt("PIN falsch oder nicht eingegeben"),
    "notice_keep": Prompt("Anfrage bleibt"),
    "described": Prompt("Beschreibung aufgenommen"),
    "submit": Prompt("Anfrage gespeichert"),
    "start_over": Prompt("Von vorn"),
    "offer": Prompt("Anfrage an Helfer*in"),
    "offer_accept": Prompt("Zusage"),
    "offer_decline": Prompt("Absage"),
    "offer_details": Prompt("Angaben zur Anfrage"),
    "machine": Prompt("Anrufbeantworter erreicht"),
    "notice": Prompt("Bestätigung an Klient*in"),
    "notice_cancel_confirm": Prompt("Absagen?"),
    "notice_ok": Prompt("Bestätigt"),
    "notice_cancel": Prompt("Abgesagt"),
    "escalation_message": Prompt("Hinweis: Team meldet sich"),
    "followup": Prompt("Nachfrage"),
    "followup_ok": Prompt("Alles gut"),
    "followup_problem": Prompt("Problem gemeldet"),
    "followup_hours": Prompt("Zeitaufwand bestätigen?"),
    "followup_hours_yes": Prompt("Zeitaufwand bestätigt"),
    "followup_hours_no": Prompt("Zeitaufwand nicht bestätigt"),
}
CALL_OUTCOME = {
    "request": Prompt("Anfrage aufgenommen"),
    "cancelled": Prompt("Anfrage abgesagt"),
    "voicemail": Prompt("Nachricht hinterlassen"),
    "staff": Prompt("Mit dem Team gesprochen"),
    "hangup": Prompt("Aufgelegt"),
    "error": Prompt("Technischer Fehler"),
    "completed": Prompt("Beendet"),
    "busy": Prompt("Besetzt"),
    "no-answer": Prompt("Nicht abgenommen"),
    "failed": Prompt("Fehlgeschlagen"),
    "canceled": Prompt("Abgebrochen"),
    "banned": Prompt("Gesperrte Nummer"),
    "too_many_calls": Prompt("Zu viele Anrufe"),
    "over_limit": Prompt("Zu viele offene Anfragen"),
    "bridged": Prompt("Über die Hotline verbunden"),
    "bridge_no_answer": Prompt("Verbindung: nicht abgenommen"),
}
#: Where a call is (Call.status, Twilio's CallStatus) while it has no outcome yet.
CALL_STATUS = {
    "queued": Prompt("wartet auf das Wählen"),
    "initiated": Prompt("wird gewählt"),
    "ringing": Prompt("klingelt"),
    "in-progress": Prompt("läuft"),
    "completed": Prompt("beendet"),
    "busy": Prompt("besetzt"),
    "no-answer": Prompt("nicht abgenommen"),
    "failed": Prompt("fehlgeschlagen"),
    "canceled": Prompt("abgebrochen"),
}
#: Where a date of a phone friendship stands (PairingDate.state).
DATE_STATE = {
    "planned": Prompt("geplant"),
    "skipped": Prompt("ausgesetzt"),
    "calling": Prompt("Helfer*in wird angerufen"),
    "connecting": Prompt("wird verbunden"),
    "retry": Prompt("nicht erreicht, neuer Versuch folgt"),
    "held": Prompt("telefoniert"),
    "moved": Prompt("ausgefallen (Helfer*in konnte nicht)"),
    "missed": Prompt("ausgefallen (Klient*in nicht erreicht)"),
}
PAIRING_STATUS = {"active": Prompt("läuft"), "ended": Prompt("beendet")}
#: How a check-in call went (CheckInDate.state).
CHECKIN_STATE = {
    "planned": Prompt("geplant"),
    "skipped": Prompt("ausgesetzt"),
    "calling": Prompt("wird angerufen"),
    "retry": Prompt("nicht abgenommen, neuer Versuch folgt"),
    "ok": Prompt("alles in Ordnung"),
    "help": Prompt("hat um Hilfe gebeten"),
    "unreached": Prompt("nicht erreicht – Vertrauensperson informiert"),
}
CHECKIN_SET = Prompt("Täglicher Anruf für %(name)s gespeichert.")
PAIRING_CREATED = Prompt("Telefonpatenschaft %(ref)s angelegt.")
PAIRING_PAUSED = Prompt("Das nächste Telefonat fällt aus. Beide wissen Bescheid.")
PAIRING_NOTHING_PLANNED = Prompt("Es ist kein Telefonat geplant.")
PAIRING_ENDED = Prompt("Die Telefonpatenschaft ist beendet.")
CALL_PURPOSE = {
    "hotline": Prompt("Hotline"),
    "offer": Prompt("Anfrage an Helfer*in"),
    "notice": Prompt("Bestätigung an Klient*in"),
    "followup": Prompt("Nachfrage"),
    "escalation": Prompt("Hinweis: Team meldet sich"),
    "pairing": Prompt("Telefonpatenschaft"),
    "pair_notice": Prompt("Telefonpatenschaft: fällt aus"),
    "checkin": Prompt("Täglicher Anruf"),
    "trusted": Prompt("Anruf bei der Vertrauensperson"),
}
#: What a recording is (Recording.purpose).
RECORDING_PURPOSE = {
    "description": Prompt("Beschreibung"),
    "voicemail": Prompt("Nachricht auf dem Anrufbeantworter"),
    "contact": Prompt("Name und Adresse"),
}
DIRECTION = {"inbound": Prompt("eingehend"), "outbound": Prompt("ausgehend")}
MESSAGE_STATUS = {
    "received": Prompt("empfangen"),
    "replied": Prompt("beantwortet"),
    "queued": Prompt("in der Warteschlange"),
    "sending": Prompt("wird gesendet"),
    "cancelled": Prompt("nicht gesendet"),
    "sent": Prompt("gesendet"),
    "delivered": Prompt("zugestellt"),
    "undelivered": Prompt("nicht zugestellt"),
    "failed": Prompt("fehlgeschlagen"),
}
#: Request timeline entries (RequestEvent.kind).
EVENT = {
    "created": Prompt("Anfrage aufgenommen"),
    "verified": Prompt("Person geprüft"),
    "round": Prompt("Suchrunde"),
    "replacement": Prompt("Ersatz angefragt"),
    "offer_failed": Prompt("Anfrage nicht zustellbar"),
    "accepted": Prompt("Zusage"),
    "late_accept": Prompt("Späte Zusage (schon vergeben)"),
    "declined": Prompt("Absage einer*s Helfer*in"),
    "assigned_by_staff": Prompt("Vom Team vergeben"),
    "volunteer_withdrew": Prompt("Helfer*in kann doch nicht"),
    "dispatched_again": Prompt("Neue Suche gestartet"),
    "escalated": Prompt("Niemand gefunden – Team informiert"),
    "client_told_unmatched": Prompt("Klient*in informiert: das Team meldet sich"),
    "notice_call": Prompt("Bestätigungsanruf an Klient*in"),
    "client_told": Prompt("Klient*in weiß, wer kommt"),
    "client_unreachable": Prompt("Klient*in nicht erreicht"),
    "done": Prompt("Erledigt"),
    "cancelled": Prompt("Abgesagt"),
    "outcome": Prompt("Ergebnis notiert"),
    "followup_call": Prompt("Nachfrage-Anruf"),
    "followup": Prompt("Antwort auf die Nachfrage"),
    "followup_unreachable": Prompt("Bei der Nachfrage nicht erreicht"),
    "followup_no_answer": Prompt("Nachfrage-Anruf nicht angenommen"),
    "followup_by_staff": Prompt("Nachfrage vom Team erledigt"),
    "notice_no_answer": Prompt("Bestätigungsanruf nicht angenommen"),
    "offer_withdrawn": Prompt("Anfrage an Helfer*in zurückgezogen"),
    "task_failed": Prompt("Nachricht oder Anruf ging dauerhaft nicht raus"),
    "concern": Prompt("Sorge gemeldet"),
    "flag_resolved": Prompt("Als geklärt vermerkt"),
    "over_limit": Prompt("Wollte noch eine Anfrage stellen (zu viele offen)"),
    "hours": Prompt("Zeitaufwand notiert"),
    "bridged": Prompt("Gespräch über die Hotline"),
    "hours_confirmed": Prompt("Zeitaufwand bei der Nachfrage"),
}
#: How a callback went (CallbackAttempt.outcome).
CALLBACK_OUTCOME = {
    "reached": Prompt("Erreicht"),
    "not_reached": Prompt("Nicht erreicht – später noch einmal"),
    "done": Prompt("Erledigt"),
}
CALLBACK_CLAIMED = Prompt("Sie rufen zurück: die anderen sehen es.")
CALLBACK_SAVED = Prompt("Rückruf vermerkt.")
CALLBACK_AGAIN = Prompt("Nicht erreicht: der Rückruf bleibt auf der Liste.")
CALLBACK_CLAIMED_BY = Prompt("%(name)s ruft zurück (seit %(age)s)")
CALLBACK_TRIED = Prompt("%(when)s %(outcome)s – %(who)s")
TRAINING_HOURS_INVALID = Prompt("Bitte die Stunden als Zahl angeben, z. B. 3 oder 1,5.")
ALLOWANCE_INVALID = Prompt(
    "Bitte einen Betrag bis 100 Euro angeben, z. B. 5 oder 5,50; leer: keine."
)
MONTH_INVALID = Prompt("Bitte einen Monat wie 2026-12 wählen; hier ist der laufende Monat.")
TIME_SPENT = Prompt("%(hours)s Std.")
TIME_SPENT_NOTED = Prompt("Zeitaufwand notiert: %(hours)s Std.")
TIME_SPENT_INVALID = Prompt(
    "Bitte eine Zeit bis 24 Stunden angeben, z. B. 1,5 (Stunden) oder 90 min."
)
TIME_CONFIRMED = Prompt("von Klient*in bestätigt")
TIME_DISPUTED = Prompt("von Klient*in nicht bestätigt")
TIME_SPENT_CHANGED = Prompt("%(hours)s (vorher %(before)s Std.)")
ASKED = Prompt("%(n)s gefragt")
ASKED_WHO = Prompt("gefragt: %(who)s")
OFFER_ASKED = Prompt("Anfrage an Helfer*in")
SMS_FROM = Prompt("SMS von %(who)s")
SMS_TO = Prompt("SMS an %(who)s")
ATTEMPT = Prompt("Versuch %(n)s")
TALKED = Prompt("%(duration)s gesprochen")
NOT_ANSWERED = Prompt("nicht abgenommen")
FOLLOWUP_OK = Prompt("alles gut")
FOLLOWUP_PROBLEM = Prompt("hat nicht geklappt")
ROLE = {"admin": Prompt("Verwaltung"), "coordinator": Prompt("Koordination")}
AUDIT_ACTION = {
    "view": Prompt("angesehen"),
    "create": Prompt("angelegt"),
    "update": Prompt("geändert"),
    "export": Prompt("exportiert"),
    "erase": Prompt("gelöscht"),
    "import": Prompt("importiert"),
    "listen": Prompt("Aufnahme angehört"),
    "login": Prompt("angemeldet"),
    "login_failed": Prompt("Anmeldung fehlgeschlagen"),
    "logout": Prompt("abgemeldet"),
    "locked": Prompt("Konto gesperrt"),
    "verify": Prompt("geprüft"),
    "assign": Prompt("vergeben"),
    "status": Prompt("Status geändert"),
    "retention": Prompt("nach Frist gelöscht"),
    "pin": Prompt("PIN geändert"),
    "remove": Prompt("entfernt"),
}
#: What an audit entry's details are (AuditEntry.detail keys).
AUDIT_DETAIL = {
    "fields": Prompt("geändert"),
    "change": Prompt("Schritt"),
    "status": Prompt("Stand"),
    "role": Prompt("Rolle"),
    "callback": Prompt("Rückruf"),
    "via": Prompt("über"),
    "line": Prompt("Zeile"),
    "created": Prompt("neu"),
    "updated": Prompt("geändert"),
    "unchanged": Prompt("unverändert"),
    "requests": Prompt("Anfragen"),
    "calls": Prompt("Anrufe"),
    "messages": Prompt("SMS"),
    "recordings": Prompt("Aufnahmen"),
    "month": Prompt("Monat"),
    "year": Prompt("Jahr"),
    "format": Prompt("Format"),
    "clients": Prompt("Klient*innen"),
    "slots": Prompt("Zeiten"),
}
#: How a change came (AuditEntry.detail["via"]) and what a callback note says.
AUDIT_VALUE = {
    "create": Prompt("angelegt"),
    "end": Prompt("beendet"),
    "seen": Prompt("gesehen"),
    "import": Prompt("CSV-Import"),
    "cli": Prompt("Kommandozeile"),
    "done": Prompt("erledigt"),
    "verify": Prompt("geprüft"),
    "assign": Prompt("vergeben"),
    "dispatch_again": Prompt("neue Suche"),
    "cancel": Prompt("abgesagt"),
    "outcome": Prompt("Ergebnis notiert"),
    "resolve": Prompt("als geklärt vermerkt"),
    "approve": Prompt("freigegeben"),
    "pause": Prompt("pausiert"),
    "resume": Prompt("Pause beendet"),
    "block": Prompt("gesperrt"),
    "unblock": Prompt("entsperrt"),
    "availability": Prompt("Verfügbarkeit"),
    "deactivate": Prompt("deaktiviert"),
    "activate": Prompt("aktiviert"),
    "unlock": Prompt("entsperrt"),
    "hours": Prompt("Zeitaufwand"),
    "check": Prompt("Anerkennung"),
    "clearance": Prompt("Führungszeugnis"),
    "training": Prompt("Schulung"),
    "checklist": Prompt("Liste der Voraussetzungen"),
    "requirements": Prompt("Voraussetzungen je Kategorie"),
    "pdf": Prompt("PDF"),
    "claim": Prompt("ruft zurück"),
    "reached": Prompt("erreicht"),
    "not_reached": Prompt("nicht erreicht"),
    "csv": Prompt("CSV"),
}
#: The fields of a person or a Kommune, as an audit entry or an import preview names them.
FIELD = {
    "name": Prompt("Name"),
    "salutation": Prompt("Anrede"),
    "phone": Prompt("Telefon"),
    "line_type": Prompt("Anschluss"),
    "district": Prompt("Ortsteil"),
    "address": Prompt("Adresse"),
    "languages": Prompt("Sprachen"),
    "notes": Prompt("Notizen"),
    "is_client": Prompt("Klient*in"),
    "is_volunteer": Prompt("Helfer*in"),
    "prefers": Prompt("Kontaktweg"),
    "consent": Prompt("Einwilligung"),
    "consent_note": Prompt("Art der Einwilligung"),
    "status": Prompt("Stand"),
    "categories": Prompt("Kategorien"),
    "available_days": Prompt("Wochentage"),
    "available_from": Prompt("ab Uhr"),
    "available_until": Prompt("bis Uhr"),
    "max_open_tasks": Prompt("Höchstzahl Anfragen"),
    "recognized_on": Prompt("Anerkannt am"),
    "recognition_note": Prompt("Notiz zur Anerkennung"),
    "greeting_name": Prompt("Name in der Begrüßung"),
    "office_hours": Prompt("Bürozeiten"),
    "state": Prompt("Bundesland"),
    "duty_phones": Prompt("Telefone des Teams"),
    "contact_hours": Prompt("Kontaktzeiten"),
    "recording_retention_days": Prompt("Löschfrist Aufnahmen"),
    "record_retention_days": Prompt("Löschfrist Anfragen"),
    "round_size": Prompt("Helfende pro Suchrunde"),
    "round_seconds": Prompt("Zeit zwischen Suchrunden"),
    "max_rounds": Prompt("Suchrunden"),
    "followup_days": Prompt("Nachfrage nach Tagen"),
    "followup_hour": Prompt("Nachfrage ab Uhr"),
    "allowance_cents": Prompt("Aufwandsentschädigung je Stunde"),
    "clearance_years": Prompt("Gültigkeit Führungszeugnis"),
    "mask_numbers": Prompt("Nummern geschützt"),
    "rota": Prompt("Dienstplan"),
    "checkin_slots": Prompt("Anrufzeit"),
    "contact_name": Prompt("Vertrauensperson"),
    "contact_phone": Prompt("Telefon Vertrauensperson"),
}
SUBJECT = {
    "person": Prompt("Person"),
    "request": Prompt("Anfrage"),
    "call": Prompt("Anruf"),
    "recording": Prompt("Aufnahme"),
    "staff": Prompt("Konto"),
    "kommune": Prompt("Einstellungen"),
    "ban": Prompt("Gesperrte Nummer"),
    "statement": Prompt("Leistungsnachweis"),
    "angebot": Prompt("Angebot"),
    "pairing": Prompt("Telefonpatenschaft"),
}
IMPORT_ACTION = {
    "create": Prompt("neu"),
    "update": Prompt("ändern"),
    "unchanged": Prompt("unverändert"),
    "merged": Prompt("mit Zeile oben zusammengeführt"),
    "": Prompt("Fehler"),
}
WEEKDAYS = (
    Prompt("Mo"),
    Prompt("Di"),
    Prompt("Mi"),
    Prompt("Do"),
    Prompt("Fr"),
    Prompt("Sa"),
    Prompt("So"),
)

# --- figures ------------------------------------------------------------------------------------------------
FIG_CATEGORY = Prompt("Anfragen nach Kategorie")
FIG_DISTRICT = Prompt("Anfragen nach Ortsteil")
FIG_LANGUAGE = Prompt("Anfragen nach Sprache")
FIG_WEEK = Prompt("Anfragen pro Woche")
FIG_MATCHED = Prompt("Anteil vermittelt pro Woche")
FIG_MEDIAN = Prompt("Median der Zeit bis zur Zusage pro Woche (Minuten)")
FIG_UNMET = Prompt("Ohne Helfer*in gebliebene Anfragen nach Ortsteil")
FIG_ACTIVITY = Prompt("Aktivität der Helfenden pro Woche")
FIG_WEEK_LABEL = Prompt("KW %(week)s")
NO_DISTRICT = Prompt("ohne Ortsteil")
COL_CATEGORY = Prompt("Kategorie")
COL_DISTRICT = Prompt("Ortsteil")
COL_LANGUAGE = Prompt("Sprache")
COL_WEEK = Prompt("Woche ab")
COL_REQUESTS = Prompt("Anfragen")
COL_UNMET = Prompt("ohne Helfer*in")
COL_DECIDED = Prompt("Suche beendet")
COL_MATCHED = Prompt("vermittelt")
COL_SHARE = Prompt("Anteil vermittelt")
COL_MEDIAN = Prompt("Median bis zur Zusage (Minuten)")
COL_VOLUNTEERS = Prompt("aktive Helfende")
COL_OFFERS = Prompt("Anfragen an Helfende")
COL_ACCEPTED = Prompt("Zusagen")
COL_DECLINED = Prompt("Absagen")
COL_HELPERS = Prompt("Helfende mit Zusage")


def call_result(outcome: str | None, status: str | None) -> str:
    """How a call went, or where it is: its outcome if it has one, else its status."""
    return label(CALL_OUTCOME, outcome) if outcome else label(CALL_STATUS, status)


def label(table: dict[str, Prompt], key: str | None) -> str:
    """The German label for a stored key; the key itself when there is none (yet)."""
    if key is None:
        return ""
    prompt = table.get(key)
    return str(prompt) if prompt is not None else key


# --- the public directory page (Python side) ----------------------------------------------------------
CONSENT_MISSING = Prompt("Bitte stimmen Sie zu, damit wir Ihre Angaben speichern dürfen.")
CATEGORIES_PICK = Prompt("Bitte wählen Sie mindestens eine Sache, bei der Sie helfen würden.")
SIGNUP_TOO_MANY = Prompt(
    "An diese Nummer haben wir heute schon mehrere Codes geschickt. Bitte versuchen Sie es morgen noch einmal oder rufen Sie uns an."
)
SIGNUP_WRONG_CODE = Prompt("Der Code stimmt nicht. Bitte sehen Sie in der SMS nach.")
SIGNUP_EXPIRED = Prompt(
    "Dieser Code gilt nicht mehr. Bitte melden Sie sich noch einmal an, dann schicken wir einen neuen."
)

# --- the directory of offers (staff) ---------------------------------------------------------------------
OFFER_CREATED = Prompt("Das Angebot „%(name)s“ ist angelegt.")
OFFER_CHANGED = {
    "pause": Prompt("Das Angebot ist pausiert: es erscheint nicht mehr in der Suche."),
    "activate": Prompt("Das Angebot ist wieder aktiv."),
    "retire": Prompt("Das Angebot ist eingestellt."),
    "checked": Prompt("Als heute geprüft vermerkt."),
}
FIG_SUPPLY = Prompt("Angebot und Nachfrage je Ortsteil")
FIG_SUPPLY_TOPICS = Prompt("Angebote und Informationssuchen je Ortsteil und Thema")
FIG_LASTING = Prompt("Dauerhafte Hilfe: Telefonpatenschaften, tägliche Anrufe, Gespräche")
FIG_LASTING_COLUMNS = (
    Prompt("Monat"),
    Prompt("Patenschaft: telefoniert"),
    Prompt("Patenschaft: ausgefallen"),
    Prompt("Patenschaft: ausgesetzt"),
    Prompt("Täglicher Anruf: alles in Ordnung"),
    Prompt("Täglicher Anruf: Hilfe"),
    Prompt("Täglicher Anruf: nicht erreicht"),
    Prompt("Minuten über die Hotline verbunden"),
)
FIG_COSTS = Prompt("Was die Leitung kostet: SMS-Teile und Anrufminuten je Monat")
FIG_COSTS_NOTE = Prompt(
    "Gezählt: versandte SMS mit ihren Teilen (160 Zeichen, mit Zeichen außerhalb des "
    "SMS-Zeichensatzes 70) und Anrufminuten, je Anruf auf volle Minuten aufgerundet. "
    "Daneben, was Twilio berechnet hat, soweit es den Preis schon gemeldet hat."
)
FIG_COSTS_COLUMNS = (
    Prompt("Monat"),
    Prompt("SMS versandt"),
    Prompt("SMS-Teile"),
    Prompt("Anrufe"),
    Prompt("Minuten eingehend"),
    Prompt("Minuten ausgehend"),
    Prompt("Minuten weiterverbunden"),
    Prompt("Preis laut Twilio"),
    Prompt("SMS und Anrufe noch ohne Preis"),
)
FIG_COSTS_REQUESTS = Prompt("Was die Leitung kostet: je vermittelter Anfrage")
FIG_COSTS_REQUEST_COLUMNS = (
    Prompt("Anfrage"),
    Prompt("SMS versandt"),
    Prompt("SMS-Teile"),
    Prompt("Anrufe"),
    Prompt("Anrufminuten"),
    Prompt("Preis laut Twilio"),
)
COL_OFFERS_ACTIVE = Prompt("Angebote (aktiv)")
COL_INFO_SEARCHES = Prompt("Informationssuchen")
COL_REQUESTS_FROM = Prompt("Anfragen")
COL_UNMATCHED = Prompt("ohne Helfer*in")
COL_TOPIC = Prompt("Thema")
NO_TOPIC = Prompt("(ohne Thema)")
#: The note of a concern a volunteer raised by phone when no words were recognised.
CONCERN_BY_RECORDING = Prompt("Sorge am Telefon gemeldet, nur als Aufnahme: bitte anhören.")
