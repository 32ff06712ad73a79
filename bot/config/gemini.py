"""The [gemini] section: models, deadlines and retries, the day's budget and the prices spend is estimated at."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from bot.config.base import _Section


class ModelPrice(_Section):
    """Estimated prices, USD per million tokens; ``match`` is a substring of the model id."""

    match: str
    input_per_million: float = Field(ge=0)
    output_per_million: float = Field(ge=0)  # thinking tokens are billed as output


# Google's published paid-tier prices for the Gemini Developer API as of 2026-10-07 (ai.google.dev pricing
# page); the first entry whose ``match`` is in the model id wins. Operators override them in [[gemini.prices]].
DEFAULT_PRICES = (
    ModelPrice(match="pro-image", input_per_million=2.0, output_per_million=120.0),
    ModelPrice(match="image", input_per_million=0.30, output_per_million=30.0),
    ModelPrice(match="nano-banana", input_per_million=0.30, output_per_million=30.0),
    ModelPrice(match="flash-lite", input_per_million=0.30, output_per_million=2.50),
    ModelPrice(match="flash", input_per_million=0.75, output_per_million=3.75),
    ModelPrice(match="pro", input_per_million=2.0, output_per_million=12.0),
    ModelPrice(match="", input_per_million=0.75, output_per_million=3.75),
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
    # USD per million tokens, first matching entry wins (see README: where the prices come from).
    prices: list[ModelPrice] = Field(default_factory=lambda: list(DEFAULT_PRICES))

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
