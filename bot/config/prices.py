"""The operator's price table: USD per million tokens, per model id, with the date each price takes effect.

A model's price on a day is its row in effect then (the first ``match`` in table order that is part of the id; of
that match's rows, the latest ``since`` on or before the day). A model no row names has no known price: spend costs
it at the highest price in effect for its kind (text or image), marked as an estimate, and ``auto`` never chooses it
while a priced model works. There is deliberately no catch-all row: an unknown model is never assumed cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.config.base import _Section

PriceKind = Literal["text", "image"]


def kind_of(model: str) -> PriceKind:
    """Image models are billed at image-output rates; everything else as text."""
    return "image" if "image" in model or "nano-banana" in model else "text"


def day_of(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, UTC).date()


class ModelPrice(_Section):
    """One price row; ``match`` is part of the model id (``gemini-3.8-flash`` also prices ``gemini-3.8-flash-001``)."""

    match: str
    input_per_million: float = Field(ge=0)
    output_per_million: float = Field(ge=0)  # thinking tokens are billed as output, image tokens at the image rate
    kind: PriceKind | None = None  # None: read from the match ("image", "nano-banana")
    since: date | None = None  # the day this price takes effect (UTC); None: in effect until a later row

    @field_validator("match")
    @classmethod
    def _named(cls, value: str) -> str:
        value = value.strip().removeprefix("models/")
        if not value:
            raise ValueError(
                "must name a model id (or the start of one): an empty match would price every unknown model; "
                "unknown models are costed at the highest price known for their kind instead"
            )
        return value

    @model_validator(mode="after")
    def _kind(self) -> ModelPrice:
        if self.kind is None:
            object.__setattr__(self, "kind", kind_of(self.match))
        return self


@dataclass(frozen=True)
class Costing:
    """The price a call is costed at; ``estimate`` when no row names the model (the highest of its kind)."""

    input_per_million: float
    output_per_million: float
    estimate: bool

    def cost(self, prompt_tokens: int, billed_output_tokens: int) -> float:
        return (prompt_tokens * self.input_per_million + billed_output_tokens * self.output_per_million) / 1_000_000


def price_on(model: str, prices: Sequence[ModelPrice], day: date, kind: PriceKind | None = None) -> ModelPrice | None:
    """The row in effect for ``model`` on ``day``, or None when the table names no price for it then. Only rows of
    the model's kind count: the text row ``gemini-3.8-flash`` must not price an image model ``gemini-3.8-flash-image``
    at a text rate (an image at a tenth of its cost, and ``auto`` taking it for a priced model)."""
    kind = kind or kind_of(model)
    match = next((p.match for p in prices if p.match in model and p.kind == kind), None)
    return None if match is None else _in_effect(match, prices, day)


def _in_effect(match: str, prices: Sequence[ModelPrice], day: date) -> ModelPrice | None:
    rows = [p for p in prices if p.match == match and (p.since is None or p.since <= day)]
    return max(rows, key=lambda p: p.since or date.min, default=None)


def highest(kind: PriceKind, prices: Sequence[ModelPrice], day: date) -> Costing | None:
    """The highest input and output price in effect on ``day`` among the rows of ``kind``."""
    in_effect = [_in_effect(match, prices, day) for match in {p.match for p in prices if p.kind == kind}]
    rows = [p for p in in_effect if p is not None]
    if not rows:
        return None
    return Costing(max(p.input_per_million for p in rows), max(p.output_per_million for p in rows), estimate=True)


def costing(model: str, prices: Sequence[ModelPrice], day: date, kind: PriceKind | None = None) -> Costing:
    """What a call to ``model`` on ``day`` is costed at: its own price, else the highest of its kind (an estimate).
    With no row of its kind at all, the highest of any kind: never nothing."""
    kind = kind or kind_of(model)
    row = price_on(model, prices, day, kind)
    if row is not None:
        return Costing(row.input_per_million, row.output_per_million, estimate=False)
    worst = highest(kind, prices, day) or highest("image" if kind == "text" else "text", prices, day)
    return worst or Costing(0.0, 0.0, estimate=True)
