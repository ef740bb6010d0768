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
LANGUAGES_INVALID = Prompt("Bitte Sprachen als Kürzel angeben, z. B. de, tr.")
CATEGORIES_MISSING = Prompt("Helfende brauchen mindestens eine Kategorie.")
HOURS_INVALID = Prompt("„Bis“ muss nach „von“ liegen.")
DAYS_MISSING = Prompt("Bitte mindestens einen Wochentag wählen.")
EMAIL_INVALID = Prompt("Das ist keine E-Mail-Adresse.")
EMAIL_TAKEN = Prompt("Für diese E-Mail-Adresse gibt es schon ein Konto.")
PASSWORD_SHORT = Prompt("Das Passwort braucht mindestens %(min)s Zeichen.")
PASSWORDS_DIFFER = Prompt("Die Passwörter stimmen nicht überein.")
CONFIRM_ERASE = Prompt("Bitte bestätigen Sie das Löschen.")
DATE_RANGE = Prompt("Das Ende muss nach dem Anfang liegen.")

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
PERSON_CREATED = Prompt("%(name)s ist angelegt.")
PERSON_SAVED = Prompt("Die Angaben sind gespeichert.")
VOLUNTEER_APPROVED = Prompt("%(name)s ist freigegeben und bekommt ab jetzt Anfragen.")
VOLUNTEER_PAUSED = Prompt("%(name)s ist pausiert.")
VOLUNTEER_RESUMED = Prompt("%(name)s bekommt wieder Anfragen.")
VOLUNTEER_BLOCKED = Prompt("%(name)s ist gesperrt.")
VOLUNTEER_UNBLOCKED = Prompt("%(name)s ist wieder freigeschaltet.")
NO_CHANGE = Prompt("Nichts geändert.")
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
    "Das Telefon im Browser gibt es nur im Sandbox-Betrieb (ohne echte SMS und Anrufe)."
)
PHONE_NOTHING_WAITING = Prompt("Der Anruf wartet gerade auf nichts.")
PHONE_CALL_GONE = Prompt("Diesen Anruf gibt es nicht (mehr) zum Abnehmen.")
PHONE_FAILED = Prompt("Die Hotline hat nicht geantwortet: %(error)s")
RECORDING_UNAVAILABLE = Prompt("Die Aufnahme ist nicht (mehr) verfügbar.")
RECORDING_UNREACHABLE = Prompt(
    "Die Aufnahme ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal."
)

# --- how things are shown ----------------------------------------------------------------------------------
ANONYMOUS = Prompt("unterdrückte Nummer")
UNKNOWN_CALLER = Prompt("unbekannt")
ERASED_PERSON = Prompt("gelöschte Person")
SYSTEM = Prompt("System")
CLIENT = Prompt("Klient*in")
VOLUNTEER = Prompt("Helfer*in")
STAFF = Prompt("Team")
ROUND = Prompt("Runde %(n)s")
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
}
CALL_PURPOSE = {
    "hotline": Prompt("Hotline"),
    "offer": Prompt("Anfrage an Helfer*in"),
    "notice": Prompt("Bestätigung an Klient*in"),
    "followup": Prompt("Nachfrage"),
    "escalation": Prompt("Hinweis: Team meldet sich"),
}
DIRECTION = {"inbound": Prompt("eingehend"), "outbound": Prompt("ausgehend")}
MESSAGE_STATUS = {
    "received": Prompt("empfangen"),
    "replied": Prompt("beantwortet"),
    "queued": Prompt("in der Warteschlange"),
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
}
ASKED = Prompt("%(n)s gefragt")
ATTEMPT = Prompt("Versuch %(n)s")
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
    "locked": Prompt("Konto gesperrt"),
    "verify": Prompt("geprüft"),
    "assign": Prompt("vergeben"),
    "status": Prompt("Status geändert"),
    "retention": Prompt("nach Frist gelöscht"),
}
SUBJECT = {
    "person": Prompt("Person"),
    "request": Prompt("Anfrage"),
    "call": Prompt("Anruf"),
    "recording": Prompt("Aufnahme"),
    "staff": Prompt("Konto"),
    "kommune": Prompt("Einstellungen"),
    "angebot": Prompt("Angebot"),
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
FIG_WEEK = Prompt("Anfragen pro Woche")
FIG_MATCHED = Prompt("Anteil vermittelt pro Woche")
FIG_MEDIAN = Prompt("Median der Zeit bis zur Zusage pro Woche (Minuten)")
FIG_UNMET = Prompt("Ohne Helfer*in gebliebene Anfragen nach Ortsteil")
FIG_ACTIVITY = Prompt("Aktivität der Helfenden pro Woche")
FIG_WEEK_LABEL = Prompt("KW %(week)s")
NO_DISTRICT = Prompt("ohne Ortsteil")
COL_CATEGORY = Prompt("Kategorie")
COL_DISTRICT = Prompt("Ortsteil")
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
COL_OFFERS_ACTIVE = Prompt("Angebote (aktiv)")
COL_INFO_SEARCHES = Prompt("Informationssuchen")
COL_REQUESTS_FROM = Prompt("Anfragen")
COL_UNMATCHED = Prompt("ohne Helfer*in")
COL_TOPIC = Prompt("Thema")
NO_TOPIC = Prompt("(ohne Thema)")
