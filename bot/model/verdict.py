"""The self-check's verdict on a render: the response schema the chat model must fill."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Verdict(BaseModel):
    """What the chat model reports about a render (the response schema it must fill).

    Every field is required: a verdict that leaves one out is no verdict (the render is delivered unchecked), never
    a silent "fine".
    """

    text_read: str = Field(description="All text visible in the image, exactly as written; '' if none")
    text_matches: bool = Field(description="The visible text equals the requested text exactly")
    subject_matches: bool = Field(description="The main subject is what the brief asks for")
    style_matches: bool = Field(description="The style is the requested one")
    background_separable: bool = Field(
        description="The background is one flat, even colour that a cut-out can remove cleanly"
    )
    notes: str = Field(description="One short sentence on anything else that is off; '' if nothing")
