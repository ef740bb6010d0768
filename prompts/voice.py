"""What callers hear. Short sentences, one thing at a time, every option as
"Für … drücken Sie die N." German is the source; other languages live in the catalogs."""

from . import Plural, Prompt

# --- greeting -------------------------------------------------------------------------
GREETING = Prompt("Guten Tag. Hier ist die Nachbarschaftshilfe %(kommune)s.")
GREETING_KNOWN = Prompt("Guten Tag, %(name)s. Hier ist die Nachbarschaftshilfe %(kommune)s.")
EMERGENCY = Prompt("Im Notfall wählen Sie 1 1 2.")
# How a person is addressed and named ("Frau Mustermann"; Turkish uses the first name,
# "Erika Hanım"): every language gets both names and uses what it needs.
HONORIFIC = {
    "Frau": Prompt("Frau %(surname)s"),
    "Herr": Prompt("Herr %(surname)s"),
}
NOT_IN_SERVICE = Prompt("Diese Nummer ist leider nicht vergeben. Auf Wiederhören.")
#: All a banned number hears.
REFUSED = Prompt("Ihr Anruf kann leider nicht angenommen werden. Auf Wiederhören.")
#: A number that called too often in a short time.
TOO_MANY_CALLS = Prompt(
    "Sie haben uns in kurzer Zeit sehr oft angerufen. Bitte rufen Sie später wieder an. "
    "Im Notfall wählen Sie die 1 1 2."
)

# --- the language choice ---------------------------------------------------------------------
#: A language's own name, as the option that chooses it ("Für Deutsch drücken Sie die 6.",
#: "Türkçe için yediye basın."): each catalog names its own language.
LBL_LANGUAGE = Prompt("Deutsch")

# --- options ------------------------------------------------------------------------------
#: How an option is announced, one sentence per key (each language says the key its own
#: way); ``option`` is the option's label.
PRESS = {
    "0": Prompt("Für %(option)s drücken Sie die 0."),
    "1": Prompt("Für %(option)s drücken Sie die 1."),
    "2": Prompt("Für %(option)s drücken Sie die 2."),
    "3": Prompt("Für %(option)s drücken Sie die 3."),
    "4": Prompt("Für %(option)s drücken Sie die 4."),
    "5": Prompt("Für %(option)s drücken Sie die 5."),
    "6": Prompt("Für %(option)s drücken Sie die 6."),
    "7": Prompt("Für %(option)s drücken Sie die 7."),
    "8": Prompt("Für %(option)s drücken Sie die 8."),
    "9": Prompt("Für %(option)s drücken Sie die 9."),
    "*": Prompt("Für %(option)s drücken Sie die Sterntaste."),
    "#": Prompt("Für %(option)s drücken Sie die Rautetaste."),
}
# Labels of options (said after "Für").
LBL_PERSON = Prompt("unser Team")
LBL_REPEAT = Prompt("eine Wiederholung")
LBL_REPEAT_REF = Prompt("eine Wiederholung der Nummer")
LBL_YES = Prompt("Ja")
LBL_NO = Prompt("Nein")
LBL_CANCEL = Prompt("eine Absage")
LBL_CANCEL_THIS = Prompt("eine Absage dieser Anfrage")
LBL_CANCEL_SURE = Prompt("die Absage")
LBL_NEW = Prompt("eine neue Anfrage")
LBL_OTHER = Prompt("etwas anderes")
LBL_SOON = Prompt("die nächsten Tage")
# The main menu's options, short: the question said "Hilfe" already.
LBL_SHOPPING = Prompt("Einkaufen")
LBL_DOG = Prompt("Ihren Hund")
LBL_CHAT = Prompt("ein Telefongespräch")

# --- main menu ---------------------------------------------------------------------------
MAIN_INTRO = Prompt("Wobei brauchen Sie Hilfe?")
# What a category is called in a sentence ("Sie brauchen …"), and in the main menu.
CAT_SHOPPING = Prompt("Hilfe beim Einkaufen")
CAT_DOG = Prompt("Hilfe mit Ihrem Hund")
CAT_CHAT = Prompt("ein Gespräch am Telefon")
CAT_OTHER = Prompt("Hilfe bei etwas anderem")

# --- when ----------------------------------------------------------------------------------
WHEN_INTRO = Prompt("Wann brauchen Sie Hilfe?")
#: Said instead of offering "heute" when too little of today's contact hours is left.
TOO_LATE_TODAY = Prompt("Für heute ist es leider zu spät.")
WHEN_TODAY = Prompt("heute")
WHEN_TOMORROW = Prompt("morgen")
WHEN_SOON = Prompt("in den nächsten Tagen")

# --- in their own words ------------------------------------------------------------------------
DESCRIBE = Prompt("Was genau brauchen Sie?")
EXAMPLE_SHOPPING = Prompt("Zum Beispiel: Brot und Milch.")
EXAMPLE_DOG = Prompt("Zum Beispiel: eine Runde am Nachmittag.")
EXAMPLE_CHAT = Prompt("Zum Beispiel: ein Gespräch am Vormittag.")
EXAMPLE_OTHER = Prompt("Zum Beispiel: Hilfe beim Tragen.")
OPT_SKIP = Prompt("Ohne Beschreibung drücken Sie die Rautetaste.")
SAY_AGAIN = Prompt("Bitte sagen Sie es noch einmal, langsam und deutlich.")
RECORD_NOTICE = Plural(
    "Wir nehmen Ihre Worte jetzt auf, damit unser Team sie anhören kann. "
    "Die Aufnahme wird nach %(days)s Tag gelöscht.",
    "Wir nehmen Ihre Worte jetzt auf, damit unser Team sie anhören kann. "
    "Die Aufnahme wird nach %(days)s Tagen gelöscht.",
    count="days",
)
RECORD_HOW = Prompt("Bitte sprechen Sie nach dem Ton. Für das Ende drücken Sie die Rautetaste.")
RECORDED = Prompt("Vielen Dank, das haben wir aufgenommen.")

# --- unknown callers -------------------------------------------------------------------------------
UNKNOWN_INTRO = Prompt(
    "Wir kennen Ihre Telefonnummer noch nicht. Darum brauchen wir Ihren Namen und Ihre Adresse."
)
ASK_NUMBER = Prompt(
    "Ihre Telefonnummer wird uns nicht angezeigt. "
    "Bitte tippen Sie Ihre Telefonnummer mit Vorwahl ein. Drücken Sie danach die Rautetaste."
)
NUMBER_NOT_UNDERSTOOD = Prompt("Diese Nummer konnte ich nicht verstehen.")
ASK_NAME = Prompt("Bitte sagen Sie Ihren Vornamen und Ihren Nachnamen.")
ASK_ADDRESS = Prompt("Bitte sagen Sie Ihre Straße, Ihre Hausnummer und Ihren Ort.")
RECORD_CONTACT_NOTICE = Plural(
    "Wir nehmen Ihren Namen und Ihre Adresse jetzt auf, damit unser Team Sie erreichen kann. "
    "Die Aufnahme wird nach %(days)s Tag gelöscht.",
    "Wir nehmen Ihren Namen und Ihre Adresse jetzt auf, damit unser Team Sie erreichen kann. "
    "Die Aufnahme wird nach %(days)s Tagen gelöscht.",
    count="days",
)

# --- confirmation ----------------------------------------------------------------------------------------
SUMMARY = Prompt("%(category)s, %(when)s.")
SUMMARY_WORDS = Prompt("%(category)s, %(when)s: %(text)s.")
SUMMARY_RECORDED = Prompt("Ihre Beschreibung haben wir aufgenommen.")
SUMMARY_CONTACT = Prompt("Ihr Name: %(name)s. Ihre Adresse: %(address)s.")
SUMMARY_CONTACT_RECORDED = Prompt("Ihren Namen und Ihre Adresse haben wir aufgenommen.")
SUMMARY_NUMBER = Prompt("Wir rufen Sie zurück unter %(number)s.")
CONFIRM_QUESTION = Prompt("Stimmt das?")
START_OVER = Prompt("Gut, dann fangen wir noch einmal an.")

# --- done ---------------------------------------------------------------------------------------------------
THANKS_REF = Prompt("Ihre Anfragenummer ist %(ref)s.")
REF_AGAIN = Prompt("Ich wiederhole: %(ref)s.")
# What happens next, said only when it is true: within the contact hours we ask at once,
# outside them from when they begin.
NEXT_SEARCH = Prompt("Sobald jemand zusagt, rufen wir Sie an.")
NEXT_SEARCH_FROM = Prompt(
    "Ab %(time)s Uhr fragen wir Helferinnen und Helfer aus Ihrer Nähe. "
    "Sobald jemand zusagt, rufen wir Sie an."
)
NEXT_SEARCH_TOMORROW_FROM = Prompt(
    "Morgen ab %(time)s Uhr fragen wir Helferinnen und Helfer aus Ihrer Nähe. "
    "Sobald jemand zusagt, rufen wir Sie an."
)
NEXT_REVIEW = Prompt(
    "Unser Team ruft Sie %(when)s zurück, um alles mit Ihnen zu besprechen. "
    "Danach suchen wir eine Helferin oder einen Helfer."
)
# When the team calls back: the next office hours.
CALLBACK_TODAY = Prompt("heute noch")
CALLBACK_TODAY_FROM = Prompt("heute ab %(time)s Uhr")
CALLBACK_TOMORROW_FROM = Prompt("morgen ab %(time)s Uhr")
CALLBACK_ON = Prompt("am %(day)s ab %(time)s Uhr")
CALLBACK_SOON = Prompt("so bald wie möglich")
GOODBYE = Prompt("Auf Wiederhören.")

# --- a caller "mit PIN" (caller ID can be forged) -------------------------------------------------
ASK_PIN = Prompt("Bitte tippen Sie Ihre vierstellige PIN ein.")
PIN_SKIP = Prompt("Ohne PIN drücken Sie die Rautetaste.")
PIN_WRONG = Prompt("Diese PIN stimmt leider nicht.")
PIN_OK = Prompt("Danke, %(name)s.")
PIN_NEW_ONLY = Prompt("Ohne PIN können Sie eine neue Anfrage stellen. Unser Team prüft sie dann.")
PIN_CONTACT_INTRO = Prompt("Ohne PIN brauchen wir Ihren Namen und Ihre Adresse.")
#: A known client who has as many open requests as they may have.
OVER_LIMIT = Plural(
    "Sie haben schon %(count)s offene Anfrage. Mehr können wir gerade nicht annehmen. "
    "Unser Team meldet sich bei Ihnen.",
    "Sie haben schon %(count)s offene Anfragen. Mehr können wir gerade nicht annehmen. "
    "Unser Team meldet sich bei Ihnen.",
)

# --- a caller with an open request -----------------------------------------------------------------------------
OPEN_COUNT = Plural(
    "Sie haben %(count)s offene Anfrage. Ich nenne Ihnen die neueste.",
    "Sie haben %(count)s offene Anfragen. Ich nenne Ihnen die neueste.",
)
STATUS_REVIEW = Prompt(
    "Ihre Anfrage %(ref)s für %(category)s, %(when)s, liegt bei unserem Team zur Prüfung."
)
STATUS_SEARCHING = Prompt(
    "Für Ihre Anfrage %(ref)s, %(category)s, %(when)s, suchen wir noch eine Helferin oder einen Helfer."
)
STATUS_ASSIGNED = Prompt("Zu Ihrer Anfrage %(ref)s, %(category)s, kommt %(volunteer)s, %(day)s.")
STATUS_UNMATCHED = Prompt(
    "Für Ihre Anfrage %(ref)s haben wir leider noch niemanden gefunden. Unser Team meldet sich bei Ihnen."
)
CANCEL_SURE = Prompt("Möchten Sie die Anfrage wirklich absagen?")
#: After the one key that cancels: everything else keeps the request.
CANCEL_OTHERWISE = Prompt("Mit jeder anderen Taste bleibt die Anfrage bestehen.")
CANCELLED = Prompt("Ihre Anfrage ist abgesagt.")
CANCELLED_TELL = Prompt("Wir sagen %(volunteer)s Bescheid.")
KEPT = Prompt("Gut, Ihre Anfrage bleibt bestehen.")
ANYTHING_ELSE = Prompt("Kann ich sonst noch etwas für Sie tun?")

# --- when input is missing or wrong ------------------------------------------------------------------------------------
NO_INPUT = Prompt("Ich habe nichts gehört.")
NOT_UNDERSTOOD = Prompt("Das habe ich leider nicht verstanden.")
HINT_KEYS = Prompt("Bitte drücken Sie eine Taste auf Ihrem Telefon.")
TO_PERSON = Prompt("Ich verbinde Sie mit unserem Team.")

# --- a person, or their voicemail ------------------------------------------------------------------------------------
CONNECTING = Prompt("Einen Moment bitte.")
NOBODY_FREE = Prompt("Leider ist gerade niemand frei.")
# What a staff member on shift hears on picking up (German: the team speaks German).
WHISPER = Prompt("Anruf der Nachbarschaftshilfe, drücken Sie 1 zum Annehmen.")
OFFICE_CLOSED = Prompt("Unser Büro ist gerade nicht besetzt.")
OFFICE_HOURS = Prompt("Sie erreichen uns %(hours)s.")
# "Montag bis Freitag von 9 bis 12 Uhr und von 13 bis 16 Uhr und samstags von 10 bis 12 Uhr"
HOURS_GROUP = Prompt("%(days)s %(times)s")
DAYS_RANGE = Prompt("%(first)s bis %(last)s")
TIMES = Prompt("von %(start)s bis %(end)s Uhr")
AND = Prompt("%(first)s und %(last)s")
VOICEMAIL = Prompt(
    "Bitte sprechen Sie nach dem Ton Ihren Namen, Ihre Telefonnummer und Ihr Anliegen. "
    "Ihre Nachricht wird aufgezeichnet, damit wir Sie zurückrufen können."
)
VOICEMAIL_THANKS = Prompt("Vielen Dank für Ihre Nachricht. Wir rufen Sie %(when)s zurück.")
VOICEMAIL_NOT_KEPT = Prompt(
    "Ihre Nachricht konnten wir leider nicht speichern. Bitte rufen Sie später noch einmal an."
)
VOICEMAIL_EMPTY = Prompt(
    "Ich habe keine Nachricht gehört. Sie können uns jederzeit wieder anrufen."
)
TALK_DONE = Prompt("Vielen Dank für Ihren Anruf.")

# --- calls through the hotline (masked numbers) ----------------------------------------------------------------
#: A volunteer with open assignments calls: each one is an option, the nearest first.
ASSIGNMENTS_ONE = Prompt("Sie haben eine offene Anfrage.")
ASSIGNMENTS_MANY = Prompt("Sie haben %(count)s offene Anfragen, die nächste zuerst.")
#: An assignment as an option: "Für ein Gespräch mit Erika, Anfrage 4, 7, 1, 1, morgen, …".
LBL_TALK_CLIENT = Prompt("ein Gespräch mit %(name)s, Anfrage %(ref)s, %(day)s,")
LBL_OTHER_CONCERN = Prompt("ein anderes Anliegen")
#: A volunteer worried about a client they help (the flag staff see on Heute).
LBL_CONCERN = Prompt("eine Sorge um jemanden, dem Sie helfen,")
CONCERN_WHICH = Prompt("Um wen machen Sie sich Sorgen?")
#: One of the volunteer's requests as an option: "Für Erika, Anfrage 4, 7, 1, 1, …".
LBL_CONCERN_ABOUT = Prompt("%(name)s, Anfrage %(ref)s,")
CONCERN_ASK = Prompt("Bitte sagen Sie jetzt, was Ihnen aufgefallen ist.")
CONCERN_THANKS = Prompt(
    "Vielen Dank. Unser Team sieht Ihre Sorge noch heute und kümmert sich darum."
)
#: A client whose request is assigned: one key connects to the volunteer.
LBL_TALK_VOLUNTEER = Prompt("ein Gespräch mit %(name)s")
BRIDGE_CONNECTING = Prompt(
    "Ich verbinde Sie mit %(name)s. Das Gespräch wird nicht aufgezeichnet. Einen Moment bitte."
)
BRIDGE_NO_ANSWER = Prompt(
    "%(name)s hat leider nicht abgenommen. Bitte versuchen Sie es später noch einmal."
)
BRIDGE_FROM_TODAY = Prompt(
    "Verbinden können wir Sie heute ab %(time)s Uhr. Bitte rufen Sie dann wieder an."
)
BRIDGE_FROM_TOMORROW = Prompt(
    "Verbinden können wir Sie morgen ab %(time)s Uhr. Bitte rufen Sie dann wieder an."
)
BRIDGE_GONE = Prompt("Diese Anfrage ist nicht mehr offen.")
#: In the details of an offer call, instead of the client's number.
OFFER_PHONE_MASKED = Prompt(
    "Sie erreichen %(name)s über unsere Nummer %(hotline)s. Drücken Sie dort die %(key)s."
)

# --- phone friendships (Telefonpatenschaft) --------------------------------------------------------------------
#: The call to the volunteer at the slot.
PAIRING_CALL = Prompt("Es ist Zeit für Ihr Telefonat mit %(name)s.")
PAIRING_QUESTION = Prompt("Können Sie jetzt telefonieren?")
LBL_PAIRING_NOW = Prompt("ein Gespräch jetzt")
LBL_PAIRING_NOT_TODAY = Prompt("heute nicht")
PAIRING_DECLINED = Prompt("Gut. Wir sagen %(name)s Bescheid. Bis zum nächsten Mal.")
PAIRING_HELD = Prompt("Schön, dass Sie telefoniert haben. Bis zum nächsten Mal.")
PAIRING_RETRY = Prompt(
    "%(name)s hat leider nicht abgenommen. Wir rufen Sie %(when)s noch einmal an."
)
IN_MINUTES = Prompt("in %(n)s Minuten")
IN_A_MINUTE = Prompt("in einer Minute")
PAIRING_MISSED = Prompt(
    "%(name)s hat wieder nicht abgenommen. Unser Team weiß Bescheid und kümmert sich."
)
PAIRING_OVER = Prompt("Dieses Telefonat findet nicht mehr statt.")
#: To the client: a date falls through (the volunteer cannot, or paused it).
PAIRING_MOVED = Prompt("Ihr Telefonat mit %(volunteer)s heute fällt leider aus.")
PAIRING_SKIPPED_CALL = Prompt("Ihr Telefonat mit %(name)s am %(day)s fällt aus.")
PAIRING_NEXT = Prompt("Das nächste Telefonat ist am %(day)s um %(time)s Uhr.")
#: In the hotline's main menu, for a client with a phone friendship.
LBL_PAIRING_PAUSE = Prompt("eine Pause beim nächsten Telefonat mit %(name)s")
PAIRING_PAUSED = Prompt(
    "Das Telefonat am %(day)s um %(time)s Uhr fällt aus. Wir sagen %(name)s Bescheid."
)
PAIRING_NOTHING_TO_PAUSE = Prompt("Es ist gerade kein Telefonat geplant.")

# --- the daily check-in (Telefonkette) -------------------------------------------------------------------------
CHECKIN_QUESTION = Prompt("Ist bei Ihnen alles in Ordnung?")
LBL_CHECKIN_OK = Prompt("Ja, alles in Ordnung")
LBL_CHECKIN_HELP = Prompt("Hilfe")
CHECKIN_OK = Prompt("Schön. Wir wünschen Ihnen einen guten Tag.")
CHECKIN_HELP_CONTACT = Prompt("Wir sagen %(name)s Bescheid, und unser Team meldet sich bei Ihnen.")
CHECKIN_HELP_TEAM = Prompt("Unser Team meldet sich bei Ihnen.")
CHECKIN_OVER = Prompt("Dieser Anruf hat sich erledigt.")
#: In the hotline's main menu, for a client with check-in calls ("Ich bin verreist").
LBL_CHECKIN_PAUSE = Prompt("eine Pause der täglichen Anrufe")
LBL_CHECKIN_RESUME = Prompt("die täglichen Anrufe wieder einschalten")
CHECKIN_PAUSED = Prompt("Die täglichen Anrufe machen Pause, bis Sie wieder die 7 drücken.")
CHECKIN_RESUMED = Prompt("Die täglichen Anrufe sind wieder eingeschaltet.")
#: To the trusted contact.
TRUSTED_UNREACHED = Prompt(
    "Wir rufen an wegen %(name)s. %(name)s hat heute bei unserem Anruf nicht abgenommen. "
    "Bitte schauen Sie nach."
)
TRUSTED_HELP = Prompt(
    "Wir rufen an wegen %(name)s. %(name)s hat bei unserem Anruf um Hilfe gebeten. "
    "Bitte melden Sie sich."
)

# --- when something breaks -------------------------------------------------------------------------------------------------
TECHNICAL_PROBLEM = Prompt("Entschuldigung, bei uns gibt es gerade eine technische Störung.")

# --- calls we make ------------------------------------------------------------------------------------------------------------
MACHINE = Prompt(
    "Hier ist die Nachbarschaftshilfe %(kommune)s. Wir melden uns wieder. Auf Wiederhören."
)
# to a volunteer
OFFER_CALL = Prompt("Wir suchen jemanden für %(category)s in %(district)s, %(day)s.")
OFFER_CALL_NO_DISTRICT = Prompt("Wir suchen jemanden für %(category)s, %(day)s.")
OFFER_QUESTION = Prompt("Können Sie helfen?")
OFFER_WON = Prompt("Vielen Dank! Sie helfen %(name)s, Anfrage %(ref)s.")
OFFER_ADDRESS = Prompt("Die Adresse ist: %(address)s.")
OFFER_PHONE = Prompt("Die Telefonnummer ist: %(phone)s.")
OFFER_CALL_FIRST = Prompt("Bitte rufen Sie %(name)s an, bevor Sie kommen.")
OFFER_WHAT = Prompt("Gewünscht ist: %(text)s.")
OFFER_SMS_TOO = Prompt("Wir schicken Ihnen alles auch per SMS.")
OFFER_TAKEN = Prompt("Vielen Dank! Die Anfrage ist inzwischen schon vergeben.")
OFFER_DECLINED = Prompt("Danke für Ihre Antwort. Wir fragen jemand anderen.")
# to a client: who comes
NOTICE_CALL = Prompt(
    "Gute Nachricht zu Ihrer Anfrage %(ref)s, %(category)s: %(volunteer)s hilft Ihnen, %(day)s."
)
NOTICE_WILL_CALL = Prompt("%(volunteer)s ruft Sie vorher an.")
NOTICE_QUESTION = Prompt("Passt das für Sie?")
NOTICE_THANKS = Prompt("Schön. Wir wünschen Ihnen eine gute Zeit.")
# to a client: nobody found
ESCALATION_CALL = Prompt(
    "Für Ihre Anfrage %(ref)s haben wir leider noch niemanden gefunden. "
    "Eine Mitarbeiterin oder ein Mitarbeiter meldet sich bei Ihnen."
)
# to a client: the day after
FOLLOWUP_QUESTION = Prompt(
    "Wir möchten nachfragen: Hat mit Ihrer Anfrage %(ref)s, %(category)s, alles geklappt?"
)
FOLLOWUP_GOOD = Prompt("Das freut uns sehr.")
FOLLOWUP_HOURS = Prompt(
    "Ihre Helferin oder Ihr Helfer hat %(hours)s notiert. Stimmt das für Ihren Nachweis?"
)
ONE_HOUR = Prompt("eine Stunde")
SOME_HOURS = Prompt("%(hours)s Stunden")
FOLLOWUP_HOURS_THANKS = Prompt("Danke, das haben wir notiert.")
FOLLOWUP_BAD = Prompt("Das tut uns leid. Eine Mitarbeiterin oder ein Mitarbeiter ruft Sie an.")

# Office hours: "täglich", "Montag bis Freitag", "samstags".
EVERY_DAY = Prompt("täglich")
# Weekday names for a range of days ("Montag bis Freitag"), Monday first.
WEEKDAYS = (
    Prompt("Montag"),
    Prompt("Dienstag"),
    Prompt("Mittwoch"),
    Prompt("Donnerstag"),
    Prompt("Freitag"),
    Prompt("Samstag"),
    Prompt("Sonntag"),
)
# Weekday names for a single day ("montags"), Monday first.
WEEKDAYS_ADVERB = (
    Prompt("montags"),
    Prompt("dienstags"),
    Prompt("mittwochs"),
    Prompt("donnerstags"),
    Prompt("freitags"),
    Prompt("samstags"),
    Prompt("sonntags"),
)

# --- Angebote in Ihrer Nähe (the directory by phone) ----------------------------------------------------
LBL_DIRECTORY = Prompt("Angebote in Ihrer Nähe")
DIRECTORY_TOPIC = Prompt("Zu welchem Thema suchen Sie ein Angebot?")
DIRECTORY_EMPTY = Prompt("Leider sind für %(kommune)s noch keine Angebote eingetragen.")
DIRECTORY_DISTRICT = Prompt("In welchem Ortsteil wohnen Sie? Bitte sagen Sie den Namen.")
LBL_WHOLE_KOMMUNE = Prompt("Angebote in ganz %(kommune)s")
DIRECTORY_NONE = Prompt("Zu diesem Thema habe ich leider kein Angebot gefunden.")
DIRECTORY_FOUND = Plural(
    "Ich nenne Ihnen %(count)s Angebot zum Thema %(topic)s.",
    "Ich nenne Ihnen %(count)s Angebote zum Thema %(topic)s.",
)
DIRECTORY_FOUND_ONE = Prompt("Ich nenne Ihnen ein Angebot zum Thema %(topic)s.")
DIRECTORY_MORE_FOUND = Prompt("Hier sind weitere Angebote.")
DIRECTORY_NO_MORE = Prompt("Weitere Angebote habe ich nicht.")
DIRECTORY_ITEM = Prompt("%(n)s. %(name)s. %(what)s Telefon: %(number)s.")
OFFER_OPEN_NOW = Prompt("Jetzt geöffnet, bis %(until)s Uhr.")
OFFER_OPENS_TODAY = Prompt("Heute geöffnet ab %(time)s Uhr.")
OFFER_OPENS_TOMORROW = Prompt("Morgen geöffnet ab %(time)s Uhr.")
OFFER_OPENS_ON = Prompt("Wieder geöffnet am %(day)s ab %(time)s Uhr.")
OFFER_HOURS_NOTE = Prompt("Termine nach Vereinbarung.")
LBL_DIRECTORY_SMS = Prompt("diese Angebote per SMS")
LBL_DIRECTORY_CONNECT = Prompt("eine Verbindung mit %(name)s")
LBL_DIRECTORY_MORE = Prompt("weitere Angebote")
LBL_DIRECTORY_OTHER_TOPIC = Prompt("ein anderes Thema")
DIRECTORY_SMS_SENT = Prompt("Wir schicken Ihnen die Angebote jetzt per SMS.")
DIRECTORY_CONNECTING = Prompt("Ich verbinde Sie mit %(name)s. Einen Moment bitte.")
DIRECTORY_NOT_CONNECTED = Prompt("Die Verbindung hat leider nicht geklappt.")
WEEKDAY_NAME = (
    Prompt("Montag"),
    Prompt("Dienstag"),
    Prompt("Mittwoch"),
    Prompt("Donnerstag"),
    Prompt("Freitag"),
    Prompt("Samstag"),
    Prompt("Sonntag"),
)
