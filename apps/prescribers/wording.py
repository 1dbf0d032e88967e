"""What the prescribers pages say, in one place."""

from __future__ import annotations

NPI_INVALID = "This is not a valid NPI: its last digit does not match (check for a mistyped digit)."
NPI_FORMAT = "Enter the 10-digit NPI."
PHONE_INVALID = "Enter a 10-digit US phone number."
ZIP_INVALID = "Use a 5-digit ZIP code (or ZIP+4)."
DEA_INVALID = "A DEA number is 2 letters followed by 7 digits."
DATE_FUTURE = "The date of birth cannot be in the future."
ADDRESS_INCOMPLETE = "Give the street, city, state and ZIP code, or leave the address empty."

CREATED = "Prescriber {name} created at Blend."
ALREADY_ON_FILE = (
    "A prescriber with NPI {npi} is already on file: {name}. Nothing new was created and the details "
    "entered were not applied; this is their record."
)
SAVED = "Changes to {name} saved at Blend."
NOTHING_CHANGED = "Nothing changed, so nothing was sent to Blend."
CREDENTIALS_UNAVAILABLE_NEW = (
    "Blend's list of credentials is unavailable just now: add credentials later from the prescriber's "
    "Edit page."
)
CREDENTIALS_UNAVAILABLE_EDIT = (
    "Blend's list of credentials is unavailable just now, so the credentials stay as they are. "
    "Reload to change them."
)
EDIT_STALE = (
    "This prescriber was changed at Blend since this form was opened, so nothing was sent. "
    "The form now shows the current values; make your change again."
)

LICENCE_ADDED = "Licence {number} ({state}) added."
LICENCE_UPDATED = "Licence {number} ({state}) updated."
LICENCE_REPLACED = "New licence number {number} for {state}: Blend deactivated the previous licence."
LICENCE_DEACTIVATED = "Licence {number} ({state}) deactivated."
LICENCE_ON_FILE = "This licence number is already on file for {state}."
LICENCE_GONE = (
    "That licence is no longer on file at Blend; nothing was sent. The page shows the current licences."
)
LICENCE_INACTIVE = (
    "That {state} licence is already inactive; nothing was sent. The page shows the current licences."
)

SUPERVISOR_ADDED = "{name} now supervises in {state}."
SUPERVISOR_REMOVED = "The supervising relationship in {state} was removed."
SUPERVISOR_UNKNOWN = "No prescriber with NPI {npi} is on file at Blend."
SUPERVISOR_SELF = "A prescriber cannot supervise themselves."
SUPERVISOR_UNLICENSED = (
    "{name} holds no active, unexpired licence in {state}, so cannot supervise there. Nothing was sent."
)
SUPERVISION_GONE = "That supervising relationship in {state} is no longer on file; nothing was sent."
