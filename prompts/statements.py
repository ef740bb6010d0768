"""The monthly statement ("Nachweis über Leistungen der Nachbarschaftshilfe") and the
yearly summary per volunteer: what the PDF and the CSV say (German; they go to clients,
volunteers and the Pflegekasse)."""

from . import Prompt

TITLE = Prompt("Nachweis über Leistungen der Nachbarschaftshilfe")
MONTH = Prompt("Monat: %(month)s")
ISSUED_BY = Prompt("Ausgestellt von: Nachbarschaftshilfe %(kommune)s")
CLIENT = Prompt("Leistungsempfänger*in")
HELPERS = Prompt("Helfer*innen")
DAY = Prompt("Datum")
REF = Prompt("Anfrage")
HELPER = Prompt("Helfer*in")
WHAT = Prompt("Was wurde getan")
HOURS = Prompt("Stunden")
RATE = Prompt("Aufwandsentschädigung je Stunde")
AMOUNT = Prompt("Betrag")
TOTAL_HOURS = Prompt("Stunden gesamt")
TOTAL_AMOUNT = Prompt("Aufwandsentschädigung gesamt")
NO_RATE = Prompt("Die Kommune hat keine Aufwandsentschädigung je Stunde festgelegt.")
MISSING = Prompt("Einsätze ohne angegebene Zeit (nicht mitgezählt): %(n)s")
SIGN_CLIENT = Prompt("Ort, Datum, Unterschrift Leistungsempfänger*in")
SIGN_HELPER = Prompt("Ort, Datum, Unterschrift Helfer*in (%(name)s)")
PAGE = Prompt("Seite %(page)s")

# The yearly summary per volunteer.
YEAR_TITLE = Prompt("Stunden und Aufwandsentschädigungen %(year)s")
VOLUNTEER = Prompt("Helfer*in")
PHONE = Prompt("Telefon")
REQUESTS = Prompt("Einsätze")
CLIENT_NAME = Prompt("Klient*in")
ADDRESS = Prompt("Adresse")
