"""The top bar's sections. Each area adds its own in its AppConfig.ready(), naming the permission
from its rules.py, so this layer knows no area and no permission string."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Section:
    label: str
    url_name: str
    permission: str
    position: int  # left to right


_sections: dict[str, Section] = {}


def add_section(label: str, url_name: str, permission: str, *, position: int) -> None:
    """Called once per area at start-up (again on a reload: the label is the key)."""
    _sections[label] = Section(label=label, url_name=url_name, permission=permission, position=position)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: section.position)
