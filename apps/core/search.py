"""Searching Blend for what people type, the same way in every search box: a name as the app shows
it ("Mary Ryan Anthony, MD") or as "Last, First", and a term Blend refuses answered at the box.

How Blend matches names is not documented (its docs say only that substring search is supported),
so BlendAdmin does not lean on it: "Anthony, Mary" is sent as "Mary Anthony", credentials after a
name (", MD") are left out, and a name of three or more words is asked as typed and, at the same
time (one round trip), as its first and last words; that second answer counts only when the whole
name found nothing. A term Blend refuses (400 or 422) is the user's input: the box says so, and
the log has a warning without the term."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from apps.blend.concurrency import fetch_concurrently
from apps.blend.errors import BlendError, BlendValidationError

logger = logging.getLogger(__name__)

REFUSED = "Blend cannot search for “{q}”. Type part of a name, a number, an email or a phone."
# A word of a name: letters, with the apostrophes, hyphens and periods names hold (O'Neil, Smith-Jones, Jr.).
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]*)*")
# Credentials written after a name (display names read "Jane Doe, NP"): the codes Blend's reference
# list has, and the usual others. Not when written as a name is ("Lee, Do" is Do Lee), but "MD",
# "M.D." and "PhD" are.
CREDENTIALS = frozenset(
    "MD DO NP PA PAC CNM DDS DMD DPM ND APRN FNP FNPBC DNP RN PHD PHARMD MBBS CRNP AGNP PMHNP OD".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class NameQuery:
    """What to send for `q`: `sent`, and `short` (its first and last words) to ask at the same time
    when `sent` is a name of three or more words ("" otherwise)."""

    sent: str
    short: str = ""


@dataclass(frozen=True)
class Matches[T]:
    """Blend's matches, best first, or why Blend refused the term (`refused`, for the search box)."""

    items: list[T] = field(default_factory=list)
    refused: str = ""


def _is_name(text: str) -> bool:
    return bool(text) and all(NAME_WORD.fullmatch(word) for word in text.split())


def _is_credential(text: str) -> bool:
    words = text.replace(",", " ").split()
    return bool(words) and all(
        (word != word.capitalize() or "." in word)
        and word.replace(".", "").replace("-", "").upper() in CREDENTIALS
        for word in words
    )


def name_query(q: str) -> NameQuery:
    """`q` as Blend's search should get it: "Last, First [Middle]" turned around, credentials after a
    name dropped, and for a name of three or more words also its first and last words."""
    text = " ".join(q.split())
    if '"' not in text and "," in text:
        parts = [part.strip() for part in text.split(",")]
        while len(parts) > 1 and _is_credential(parts[-1]):
            parts.pop()
        if len(parts) == 2 and _is_name(parts[0]) and _is_name(parts[1]):
            parts = [parts[1], parts[0]]
        if all(_is_name(part) for part in parts):
            text = " ".join(parts)
    words = text.split()
    if len(words) >= 3 and _is_name(text):
        return NameQuery(text, f"{words[0]} {words[-1]}")
    return NameQuery(text)


def refused(q: str) -> str:
    """What the search box says when Blend cannot search for `q`."""
    return REFUSED.format(q=q)


def search_by_name[T](search: Callable[[str], list[T]], q: str) -> Matches[T]:
    """`search(term)` for `q` read as a name (see `name_query`), best first. A term with no letter or
    digit is not sent; a term Blend refuses comes back as `refused`. Other Blend errors propagate."""
    if not any(character.isalnum() for character in q):
        return Matches(refused=refused(q))
    query = name_query(q)
    try:
        if not query.short:
            return Matches(search(query.sent))
        found = fetch_concurrently(whole=lambda: search(query.sent), short=_caught(search, query.short))
    except BlendValidationError as exc:
        return _refusal(q, exc)
    if found["whole"]:
        return Matches(found["whole"])
    short = found["short"]
    if isinstance(short, BlendValidationError):
        return _refusal(q, short)
    if isinstance(short, BlendError):  # the whole name found nothing and the short one failed
        raise short
    return Matches(short)


def _refusal(q: str, exc: BlendValidationError) -> Matches:
    logger.warning("Blend refused a search term (status %s)", exc.status_code)
    return Matches(refused=refused(q))


def _caught[T](search: Callable[[str], list[T]], term: str) -> Callable[[], list[T] | BlendError]:
    """The second ask: its failure matters only if the first found nothing."""

    def run() -> list[T] | BlendError:
        try:
            return search(term)
        except BlendError as exc:
            return exc

    return run
