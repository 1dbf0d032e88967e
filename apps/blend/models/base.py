from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from apps.blend.errors import BlendMalformedResponse

M = TypeVar("M", bound="BlendModel")


class BlendModel(BaseModel):
    """Base of every Blend object: extra fields kept, every field optional with a default."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True, frozen=False)

    def get(self, name: str, default: Any = None) -> Any:
        """A field or an extra field by name (for fields BlendAdmin does not model)."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {}).get(name, default)


def parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise BlendMalformedResponse(
            f"Unexpected {model.__name__} from Blend: {exc.error_count()} errors"
        ) from None


def parse_list(model: type[M], data: Any) -> list[M]:
    if isinstance(data, dict):  # tolerate an envelope
        for key in ("results", "items", "data"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise BlendMalformedResponse(f"Expected a list of {model.__name__} from Blend")
    try:  # one validation call for the whole list, cheaper than one per item
        return _list_adapter(model).validate_python([{} if item is None else item for item in data])
    except ValidationError as exc:
        raise BlendMalformedResponse(
            f"Unexpected {model.__name__} from Blend: {exc.error_count()} errors"
        ) from None


@cache
def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]
