"""A list page's query string, read the same way in every area: a Django form (`ListFilterForm`) whose
fields each fall back to their default on their own when the value is missing or bad (a list has no
field to show such an error at), and `SearchTerm` for `searching`/`too_short`."""

from __future__ import annotations

from typing import Any

from django import forms

PAGE_SIZES = (25, 50, 100)
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200
MAX_PAGE = 999_999_999  # a page number longer than this is no page
FALSE_VALUES = frozenset({"", "0", "false", "off", "no"})


class SearchTerm:
    """`searching` and `too_short` for a list's filters, from the `q` typed (a dataclass field)."""

    __slots__ = ()
    q: str

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH

    @property
    def too_short(self) -> bool:
        return bool(self.q) and len(self.q) < SEARCH_MIN_LENGTH


class SearchField(forms.CharField):
    """The search box: its spaces folded, at most SEARCH_MAX_LENGTH characters (longer is cut, not
    refused: a pasted paragraph still searches)."""

    widget = forms.TextInput(attrs={"type": "search", "autocomplete": "off", "maxlength": SEARCH_MAX_LENGTH})

    def __init__(self, *, placeholder: str = "", **kwargs: Any) -> None:
        self.placeholder = placeholder
        super().__init__(required=False, strip=True, initial="", **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        return {**attrs, "placeholder": self.placeholder} if self.placeholder else attrs

    def to_python(self, value: Any) -> str:
        return " ".join(super().to_python(value).split())[:SEARCH_MAX_LENGTH]


class FlagField(forms.Field):
    """A checkbox in the URL: on unless empty or one of FALSE_VALUES ("0", "false", "off", "no")."""

    widget = forms.TextInput  # the raw value: CheckboxInput would read "off" as checked

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, initial=False, **kwargs)

    def to_python(self, value: Any) -> bool:
        return str(value or "").strip().lower() not in FALSE_VALUES


class CommaListField(forms.Field):
    """A value that may repeat or come as a comma list (`status=a,b&status=c`): each once, in the
    order asked."""

    widget = forms.MultipleHiddenInput  # reads every value of the name

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, initial=list, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        asked = [s.strip() for raw in value or () for s in str(raw).split(",") if s.strip()]
        return list(dict.fromkeys(asked))


class PageField(forms.IntegerField):
    """A page number: ASCII digits only (int() would also read "٣" or "1_0")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=1, max_value=MAX_PAGE, initial=1, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if text and not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


class ListFilterForm(forms.Form):
    """Search, page and page size of a list. `values()` gives every field's clean value, or its
    default (the field's `initial`) where the value was missing or bad, the others kept."""

    q = SearchField(label="Search")
    page = PageField()
    page_size = forms.TypedChoiceField(
        label="Per page",
        required=False,
        choices=[(size, str(size)) for size in PAGE_SIZES],
        coerce=int,
        empty_value=PAGE_SIZES[0],
        initial=PAGE_SIZES[0],
    )

    def values(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name] if cleaned.get(name) is not None else self.get_initial_for_field(field, name)
            for name, field in self.fields.items()
        }

    def applied(self) -> ListFilterForm:
        """The form to show above the list: unbound, each field at the value the list applies (a bad
        or missing one at its default), with the same ids."""
        return type(self)(initial=self.values(), auto_id=self.auto_id)
