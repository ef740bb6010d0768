"""Every SMS text. Offers must fit one GSM-7 segment (≤ 160 characters, no character that
forces UCS-2); a test checks them with worst-case values. Texts start with "Nachbarruf"
so people know who writes."""

from . import Plural, Prompt

# --- offers to volunteers (one segment!) -------------------------------------------------------
OFFER = Prompt(
    "Nachbarruf: Wer hilft? %(category)s in %(district)s, %(day)s. "
    "Antworten Sie JA %(ref)s oder NEIN %(ref)s."
)
OFFER_NO_DISTRICT = Prompt(
    "Nachbarruf: Wer hilft? %(category)s, %(day)s. Antworten Sie JA %(ref)s oder NEIN %(ref)s."
)

# --- answers to volunteers ---------------------------------------------------------------------------
DETAILS = Prompt(
    "Danke! Anfrage %(ref)s: %(name)s, %(address)s, Tel. %(phone)s. %(category)s %(day)s. "
    "%(description)s Wenn erledigt: ERLEDIGT %(ref)s. Absagen: ABSAGEN %(ref)s."
)
#: The details without the client's number: they are reached through the hotline.
DETAILS_MASKED = Prompt(
    "Danke! Anfrage %(ref)s: %(name)s, %(address)s. %(category)s %(day)s. %(description)s "
    "Anrufen: %(hotline)s wählen, dann Taste %(key)s. Wenn erledigt: ERLEDIGT %(ref)s. "
    "Absagen: ABSAGEN %(ref)s."
)
TAKEN = Prompt("Nachbarruf: Anfrage %(ref)s ist bereits vergeben, danke!")
#: To everyone else who was asked, when one said yes (or staff gave it to somebody).
TAKEN_BY_OTHER = Prompt(
    "Nachbarruf: Anfrage %(ref)s ist vergeben, danke! Sie brauchen nicht mehr zu antworten."
)
#: A "JA" to a request that was cancelled, or is done, meanwhile.
CLOSED_CANCELLED = Prompt("Nachbarruf: Anfrage %(ref)s wurde abgesagt. Danke trotzdem!")
CLOSED_DONE = Prompt("Nachbarruf: Anfrage %(ref)s ist schon erledigt. Danke trotzdem!")
DECLINED = Prompt("Nachbarruf: Danke für Ihre Antwort. Wir fragen jemand anderen.")
DONE_THANKS = Prompt("Nachbarruf: Danke! Anfrage %(ref)s ist als erledigt vermerkt.")
DONE_ASK_HOURS = Prompt(
    "Nachbarruf: Danke! Anfrage %(ref)s ist als erledigt vermerkt. "
    "Wie lange hat es gedauert? Antworten Sie z. B. 1,5"
)
CONCERN_THANKS = Prompt(
    "Nachbarruf: Danke, dass Sie uns das sagen. Das Team kümmert sich um Anfrage %(ref)s "
    "und meldet sich, wenn nötig."
)
CONCERN_ASK_TEXT = Prompt(
    "Nachbarruf: Was ist Ihnen aufgefallen? Schreiben Sie z. B.: SORGE %(ref)s Frau M. wirkte verwirrt"
)
HOURS_NOTED = Prompt("Nachbarruf: Danke! Für Anfrage %(ref)s sind %(hours)s Std. notiert.")
UNASSIGNED = Prompt(
    "Nachbarruf: Schade. Wir suchen für Anfrage %(ref)s jemand anderen. Danke für Ihre Nachricht."
)
ALREADY_YOURS = Prompt(
    "Nachbarruf: Sie haben Anfrage %(ref)s übernommen. Wenn Sie nicht können: ABSAGEN %(ref)s."
)
NOT_YOURS = Prompt("Nachbarruf: Zu Anfrage %(ref)s haben Sie gerade nichts offen.")
WHICH_ONE = Prompt(
    "Nachbarruf: Bitte schreiben Sie die Nummer dazu, z.B. %(word)s %(ref)s. Offen: %(refs)s."
)
NOTHING_OPEN = Prompt("Nachbarruf: Bei Ihnen ist gerade nichts offen. Danke!")
STATUS_VOLUNTEER = Prompt(
    "Nachbarruf: %(status)s. Übernommen: %(assigned)s. Angefragt: %(offers)s."
)
STATUS_ACTIVE = Prompt("Sie bekommen Anfragen")
STATUS_PAUSED = Prompt("Pause ist an (WEITER beendet sie)")
STATUS_NONE = Prompt("keine")
PAUSED = Prompt("Nachbarruf: Pause ist an. Sie bekommen keine Anfragen, bis Sie WEITER schreiben.")
RESUMED = Prompt("Nachbarruf: Willkommen zurück! Sie bekommen wieder Anfragen.")
NOT_ACTIVE = Prompt(
    "Nachbarruf: Ihr Konto ist noch nicht freigeschaltet. Das Team meldet sich bei Ihnen."
)
STOPPED = Prompt(
    "Nachbarruf: Sie bekommen keine SMS mehr von uns. Mit START melden Sie sich wieder an."
)
STARTED = Prompt("Nachbarruf: Schön, dass Sie wieder dabei sind. Sie bekommen wieder Anfragen.")
CANCELLED_TO_VOLUNTEER = Prompt(
    "Nachbarruf: Anfrage %(ref)s (%(category)s, %(day)s) wurde abgesagt. Sie müssen nicht hingehen. Danke!"
)
ASSIGNED_BY_STAFF = Prompt("Nachbarruf: Das Team hat Ihnen Anfrage %(ref)s gegeben.")

# --- to clients ----------------------------------------------------------------------------------
REQUEST_TAKEN = Prompt(
    "Nachbarruf: Danke! Ihre Anfrage %(ref)s (%(category)s, %(day)s) ist angekommen. "
    "Wir melden uns, sobald jemand zusagt."
)
NOTICE = Prompt(
    "Nachbarruf: %(volunteer)s hilft Ihnen %(day)s (%(category)s, Anfrage %(ref)s) "
    "und ruft Sie vorher an. Absagen: ABSAGEN %(ref)s oder Anruf unter %(number)s."
)
CLIENT_CANCELLED = Prompt("Nachbarruf: Ihre Anfrage %(ref)s ist abgesagt.")
OVER_LIMIT = Plural(
    "Nachbarruf: Sie haben schon %(count)s offene Anfrage. Mehr können wir gerade nicht "
    "annehmen. Das Team meldet sich bei Ihnen.",
    "Nachbarruf: Sie haben schon %(count)s offene Anfragen. Mehr können wir gerade nicht "
    "annehmen. Das Team meldet sich bei Ihnen.",
)
CLIENT_STATUS = Prompt("Nachbarruf: Anfrage %(ref)s (%(category)s, %(day)s): %(state)s.")
STATE_SEARCHING = Prompt("wir suchen noch")
STATE_REVIEW = Prompt("das Team prüft sie")
STATE_ASSIGNED = Prompt("%(volunteer)s kommt")
STATE_UNMATCHED = Prompt("das Team meldet sich bei Ihnen")

# --- to staff -----------------------------------------------------------------------------------------
ESCALATION = Prompt(
    "Nachbarruf: Für Anfrage %(ref)s (%(category)s, %(day)s, %(district)s) hat sich niemand gefunden. Bitte übernehmen."
)

# --- anything we do not understand ---------------------------------------------------------------------
HELP_UNKNOWN = Prompt(
    "Nachbarruf %(kommune)s: Bitte rufen Sie uns an unter %(number)s. Wir helfen gern."
)
HELP_VOLUNTEER = Prompt(
    "Nachbarruf: Antworten Sie JA oder NEIN mit der Nummer (JA 4711). "
    "Außerdem: ERLEDIGT, ABSAGEN, STATUS, PAUSE, WEITER, STOPP."
)
HELP_CLIENT = Prompt(
    "Nachbarruf: Für Hilfe schreiben Sie z.B. EINKAUFEN MORGEN oder rufen Sie an: %(number)s. "
    "STATUS zeigt Ihre Anfrage."
)
TECHNICAL_PROBLEM = Prompt(
    "Nachbarruf: Entschuldigung, gerade gibt es eine Störung. Bitte versuchen Sie es später noch einmal."
)

# When, in an SMS.
DAY_TODAY = Prompt("heute")
DAY_TOMORROW = Prompt("morgen (%(day)s)")
DAY_UNTIL = Prompt("bis %(day)s")

# Category names in SMS (short).
CATEGORY = {
    "shopping": Prompt("Einkaufen"),
    "dog_walking": Prompt("Hund ausführen"),
    "phone_chat": Prompt("Telefongespräch"),
    "other": Prompt("Sonstiges"),
}

# --- Angebote in Ihrer Nähe (INFO PFLEGE, ANGEBOTE) -------------------------------------------------
DIRECTORY_HEAD = Prompt("Nachbarruf: %(topic)s%(where)s:")
DIRECTORY_WHERE = Prompt(" in %(district)s")
DIRECTORY_ANY_TOPIC = Prompt("Angebote")
DIRECTORY_PHONE = Prompt("Tel. %(number)s")
DIRECTORY_OPEN = Prompt("jetzt offen")
DIRECTORY_FOOT = Prompt("Mehr: %(number)s")
DIRECTORY_NONE = Prompt(
    "Nachbarruf: Dazu haben wir leider kein Angebot. Themen: %(topics)s. Beispiel: INFO %(example)s"
)
DIRECTORY_TOPICS = Prompt("Nachbarruf: Schreiben Sie INFO und ein Thema: %(topics)s.")
# Volunteer sign-up on the public page.
SIGNUP_CODE = Prompt(
    "Nachbarruf: Ihr Code für die Anmeldung als Helfer*in: %(code)s. Er gilt 30 Minuten."
)
SIGNUP_RECEIVED = Prompt(
    "Nachbarruf %(kommune)s: Danke für Ihre Anmeldung! Das Team meldet sich bei Ihnen, "
    "bevor Sie Anfragen bekommen."
)

# --- phone friendships (Telefonpatenschaft) ------------------------------------------------------
PAIRING_WELCOME = Prompt(
    "Nachbarruf: Telefonpatenschaft %(ref)s mit %(name)s: %(slots)s. Wir rufen Sie dann an "
    "und verbinden Sie. Einmal aussetzen: PAUSE %(ref)s."
)
PAIRING_SKIPPED = Prompt(
    "Nachbarruf: Das Telefonat %(ref)s am %(day)s um %(time)s fällt aus. Wir sagen "
    "%(name)s Bescheid."
)
PAIRING_SKIPPED_BY_OTHER = Prompt(
    "Nachbarruf: Das Telefonat mit %(name)s am %(day)s um %(time)s fällt aus (Pause)."
)
PAIRING_MOVED = Prompt("Nachbarruf: Ihr Telefonat mit %(name)s heute fällt leider aus.")
PAIRING_NONE = Prompt("Nachbarruf: Zu %(ref)s gibt es bei Ihnen kein geplantes Telefonat.")

# --- the daily check-in: to the trusted contact ---------------------------------------------------
CHECKIN_UNREACHED = Prompt(
    "Nachbarruf: %(name)s hat heute nicht abgenommen. Bitte schauen Sie nach."
)
CHECKIN_HELP = Prompt(
    "Nachbarruf: %(name)s hat bei unserem Anruf um Hilfe gebeten. Bitte melden Sie sich bei ihr "
    "oder ihm."
)
