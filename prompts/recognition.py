"""The recognition checklist's preset items (the Land's conditions) and what staff read
about a volunteer's recognition, clearances and trainings."""

from . import Prompt

# NRW, Anerkennungs- und Förderungsverordnung (AnFöVO) §11: conditions a
# Nachbarschaftshelfer*in meets for the Entlastungsbetrag (§45b SGB XI).
NW_UNPAID = Prompt("Hilft unentgeltlich (höchstens eine Aufwandsentschädigung)")
NW_UNPAID_HINT = Prompt("AnFöVO NRW §11: keine Bezahlung über die Aufwandsentschädigung hinaus.")
NW_NOT_RELATED = Prompt(
    "Mit den unterstützten Personen nicht bis zum zweiten Grad verwandt oder verschwägert"
)
NW_NOT_RELATED_HINT = Prompt("AnFöVO NRW §11; bei jeder neuen unterstützten Person mitprüfen.")
NW_NOT_HOUSEHOLD = Prompt("Lebt nicht in häuslicher Gemeinschaft mit den unterstützten Personen")
NW_NOT_HOUSEHOLD_HINT = Prompt("AnFöVO NRW §11.")
NW_NOT_CARER = Prompt("Ist nicht Pflegeperson der unterstützten Personen")
NW_NOT_CARER_HINT = Prompt("AnFöVO NRW §11.")
NW_BROCHURE = Prompt("Kennt die Broschüre des Landes für Nachbarschaftshelfer*innen")
NW_BROCHURE_HINT = Prompt(
    "Seit 2024 in NRW statt eines Kurses: die Person bestätigt, die Broschüre zu kennen."
)

#: A requirement that is no checklist item.
CLEARANCE = Prompt("Führungszeugnis")

STATE_MISSING = Prompt("fehlt")
STATE_EXPIRED = Prompt("abgelaufen am %(day)s")
STATE_CONFIRMED = Prompt("bestätigt am %(day)s")
NOT_OFFERED = Prompt("Bekommt keine Anfragen für %(category)s: es fehlt %(missing)s.")
CHECK_CONFIRMED = Prompt("„%(title)s“ ist bestätigt.")
CHECK_REMOVED = Prompt("„%(title)s“ ist nicht mehr bestätigt.")
CLEARANCE_SAVED = Prompt("Führungszeugnis vom %(day)s vermerkt.")
CLEARANCE_REMOVED = Prompt("Kein Führungszeugnis mehr vermerkt.")
TRAINING_SAVED = Prompt("Schulung „%(title)s“ vermerkt.")
TRAINING_REMOVED = Prompt("Schulung „%(title)s“ entfernt.")
ITEM_ADDED = Prompt("„%(title)s“ steht jetzt auf der Liste.")
ITEM_REMOVED = Prompt("„%(title)s“ ist nicht mehr auf der Liste.")
PRESET_ADDED = Prompt("Die Voraussetzungen des Landes stehen auf der Liste (%(n)s neu).")
PRESET_NONE = Prompt(
    "Für dieses Bundesland gibt es keine Vorlage; bitte die Punkte selbst anlegen."
)
REQUIREMENTS_SAVED = Prompt("Voraussetzungen je Kategorie gespeichert.")
DATE_FUTURE = Prompt("Das Datum liegt in der Zukunft.")
EXPIRES = Prompt("läuft ab am %(day)s")
EXPIRED = Prompt("abgelaufen seit %(day)s")
#: The Kommune's monthly limits (people helped, hours), on the person page.
LIMIT_PEOPLE = Prompt(
    "Grenze erreicht: %(n)s Personen im Monat. Bis zum Monatsende bekommt die Person nur "
    "Anfragen von Menschen, denen sie in diesem Monat schon hilft."
)
LIMIT_HOURS = Prompt(
    "Grenze erreicht: %(n)s Stunden im Monat. Bis zum Monatsende bekommt die Person keine Anfragen."
)
MONTH_USE = Prompt("Diesen Monat: %(people)s Personen, %(hours)s Stunden.")
