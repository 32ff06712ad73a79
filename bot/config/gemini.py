"""The [gemini] section: models, deadlines and retries, the day's budget and the prices spend is estimated at."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from bot.config.base import _Section
from bot.config.prices import ModelPrice

# Google's published paid-tier prices for the Gemini Developer API as of 2026-12-07 (ai.google.dev pricing page and
# the model pages): the 3.6/3.8 Flash launch price doubles on 2027-01-01; Gemini 4 Argon doubled on 2026-12-01.
# Rows name models, never a family ("flash"), so a model Google ships later has no price until the operator adds
# one; until then it is costed at the highest price of its kind. Operators override them in [[gemini.prices]].
DEFAULT_PRICES = (
    ModelPrice(match="gemini-3.8-flash", input_per_million=0.75, output_per_million=3.75),
    ModelPrice(match="gemini-3.8-flash", input_per_million=1.50, output_per_million=7.50, since=date(2027, 1, 1)),
    ModelPrice(match="gemini-3.6-flash", input_per_million=0.75, output_per_million=3.75),
    ModelPrice(match="gemini-3.6-flash", input_per_million=1.50, output_per_million=7.50, since=date(2027, 1, 1)),
    ModelPrice(match="gemini-3.5-flash-lite", input_per_million=0.30, output_per_million=2.50),
    ModelPrice(match="gemini-3.5-flash", input_per_million=1.50, output_per_million=9.00),
    ModelPrice(match="gemini-4-hydrogen", input_per_million=1.50, output_per_million=7.50),
    ModelPrice(match="gemini-4-argon", input_per_million=2.0, output_per_million=10.0),
    ModelPrice(match="gemini-4-argon", input_per_million=4.0, output_per_million=20.0, since=date(2026, 12, 1)),
    ModelPrice(match="gemini-3.1-pro", input_per_million=2.0, output_per_million=12.0),
    # Image models: image output tokens (1,290 for a 1K image) at the image rate.
    ModelPrice(match="gemini-nano-banana-2.1", input_per_million=1.50, output_per_million=30.0),
    ModelPrice(match="gemini-3-pro-image", input_per_million=2.0, output_per_million=120.0),
)


class GeminiSettings(_Section):
    base_url: str = ""
    # "auto": chosen at start from the models this key can use (README: how models are chosen); an id pins one.
    chat_model: str = "auto"
    image_model: str = "auto"
    # Image models in order of preference, "auto" standing for the rule's ranking; a model over its daily quota
    # is skipped until Google's reset. Empty = [image_model].
    image_models: list[str] = Field(default_factory=list)
    # Google's docs use v1beta for image output, response schemas and thinking; the SDK alone would pick v1.
    api_version: Literal["v1beta", "v1", "v1alpha"] = "v1beta"
    # One HTTP request's limit; a whole call (its retries included) has its own deadline below.
    timeout_seconds: float = Field(default=90, gt=0, le=600)
    # A coach reply, extraction or self-check, retries and waits included.
    chat_deadline_seconds: float = Field(default=60, gt=0, le=600)
    # One render's image call, retries and waits included (never per attempt).
    render_deadline_seconds: float = Field(default=120, gt=0, le=900)
    retry_attempts: int = Field(default=4, ge=1, le=10)
    retry_initial_delay_seconds: float = Field(default=1.0, ge=0, le=60)
    # Past this estimated spend in a UTC day, new renders and coach turns are refused (0 = no cap).
    daily_budget_usd: float = Field(default=0, ge=0, le=1_000_000)
    # USD per million tokens, with the day each takes effect (docs/operating.md: where the prices come from).
    prices: list[ModelPrice] = Field(default_factory=lambda: list(DEFAULT_PRICES))
    # What "auto" may choose: a model whose known output price (per million tokens, today) is at most this. The
    # defaults are today's Flash class (Flash's list price, $7.50) and today's Flash image class ($30 per million
    # image tokens, about $0.04 a 1K image); frontier and Pro models cost more and are used only when named.
    chat_max_output_per_million: float = Field(default=7.5, gt=0, le=1000)
    image_max_output_per_million: float = Field(default=30.0, gt=0, le=1000)
    # Google keeps generateContent requests (prompts, reference photos) only when asked: false unless set here.
    store_requests: bool = False

    @property
    def image_candidates(self) -> list[str]:
        return self.image_models or [self.image_model]

    @field_validator("image_models")
    @classmethod
    def _image_models(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip().removeprefix("models/") for v in value]
        if any(not v or v.startswith("imagen") for v in cleaned):
            raise ValueError('entries must be Gemini image model ids or "auto" (Imagen needs Vertex AI)')
        return cleaned

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s):// URL, or empty")
        return value.rstrip("/")

    @field_validator("chat_model", "image_model")
    @classmethod
    def _model_id(cls, value: str) -> str:
        value = value.strip().removeprefix("models/")
        if not value:
            raise ValueError('must be "auto" or a model id such as the ones models.list names')
        return value

    @field_validator("image_model")
    @classmethod
    def _image_model(cls, value: str) -> str:
        # google-genai serves Imagen (generate_images) only on Vertex AI, not with a Gemini API key.
        if value.startswith("imagen"):
            raise ValueError('Imagen models need Vertex AI; use "auto" or a Gemini image model (an id with "image")')
        return value
