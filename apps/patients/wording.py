"""Every sentence the patients area says to a person, in one place."""

from __future__ import annotations

# The list
SEARCH_TOO_SHORT = "Type at least {minimum} characters to search."
SEARCH_LIMITED = "Showing the {limit} best matches; type more to narrow the search."
SEARCH_NOT_A_DATE = "{text} is not a date; write a date of birth as MM/DD/YYYY or YYYY-MM-DD."
SEARCH_HELP = "Name, email, phone, date of birth (MM/DD/YYYY, YYYY-MM-DD or YYYYMMDD) or id"

# The form
PHONE_INVALID = "Enter a US phone number with 10 digits, e.g. (555) 123-4567."
ZIP_INVALID = "Use a 5-digit ZIP code, or ZIP+4 (02108-1234)."
BIRTH_IN_FUTURE = "The date of birth cannot be in the future."
BIRTH_TOO_OLD = "Check the year: the date of birth is before 1900."
SSN_INVALID = "An SSN has 9 digits, e.g. 123-45-6789."
LANGUAGE_INVALID = "Use the 2-letter ISO 639-1 code, e.g. en or es."
GUARDIAN_NAME_REQUIRED = "A patient under 18 needs a guardian: enter the guardian's name."
GUARDIAN_RELATIONSHIP_REQUIRED = "A patient under 18 needs a guardian: choose how they are related."
ADDRESS_INCOMPLETE = "Enter the rest of the address, or leave every address field empty."
KEEP_SECRET_HELP = "Stored: {masked}. Leave empty to keep it; type a new number to replace it."
EXTERNAL_ID_REQUIRED = "Blend matches prescriptions by this id: it can be changed, not removed."

# After a write
CREATED = "Patient {name} was added to Blend."
# Under the timeout's message on the new-patient form: what to do before sending it again
CREATE_TIMED_OUT = (
    "It is not known whether {name} was added: search for the patient before adding them again."
)
SAVED = "The changes to {name} were saved."
NOTHING_CHANGED = "Nothing was changed, so nothing was sent to Blend."
# Refusals are also written to the audit log: they name no patient and no risk factor.
EDIT_STALE = (
    "The patient was changed at Blend since this form was opened; nothing was sent. The form now shows "
    "the current details: make your changes again."
)
RISK_FACTOR_CONFIRMED = "{factor} is confirmed as a match."
RISK_FACTOR_DEACTIVATED = "{factor} is deactivated."
RISK_FACTOR_GONE = "That risk factor is no longer on the patient's record at Blend; nothing was sent."
RISK_FACTOR_ALREADY_INACTIVE = "That risk factor was already deactivated; nothing was sent."
RISK_FACTOR_ALREADY_CONFIRMED = "That risk factor was already confirmed; nothing was sent."
RISK_TEXT_QUEUED = (
    "Blend accepted the text and is matching it to risk factors now. The matches appear here in a "
    "moment: use Refresh to see them."
)
RISK_TEXT_PROCESSING = "Blend is still matching text sent earlier: Refresh to see the new risk factors."
