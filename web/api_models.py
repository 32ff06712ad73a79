"""What each studio request may carry: the models that parse JSON bodies and query strings, and write the OpenAPI
document's request schemas (web/contract.py). A constraint here is both the check and its documentation."""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from bot.imaging.colors import MAX_COLORS
from bot.model import FIELD_MAX, SIZES, CreationType, Element, Matte, Motion, Size, StyleName
from bot.sessions.create_request import MAX_DESCRIPTION
from bot.usecases import EMOTE_SUFFIXES, MAX_USER_MESSAGE, BriefRefused, NothingToSay, TooLong
from web.contract import QueryModel, RequestModel
from web.wording import brief_refused, turn_refused

# Text with at least one character Python's str.strip() keeps: its whitespace set spelled out, so the pattern means
# the same to the server, the JSON Schema (ECMA) reader and the test generator, whose \s differ.
_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SAYS_SOMETHING = f"[^{_SPACE}]"
BACKGROUND = "^(transparent|scene|#[0-9a-fA-F]{6})$"
# Colours are read as people type them ("pastel pink and mint", "#9146ff, teal"): no pattern can say which words
# are colours, so a text the studio cannot read as colours fits the document and answers 422 (see web/openapi.py).
COLOURS_TEXT = ("Brand colours as people type them: #rrggbb, #rgb, rgb(), colour names with their modifiers, "
                "separated by commas, spaces, 'and', '&' or '/'; at most 5. Words that are not colours answer 422.")
Words = Annotated[str, Field(min_length=1, max_length=40, pattern=SAYS_SOMETHING)]
EmoteFile = Literal[EMOTE_SUFFIXES]  # type: ignore[valid-type]
BACKGROUND_WORDS = "`background` must be transparent, scene or a colour like #1a2b3c."


class StartBody(RequestModel):
    type: CreationType
    style: StyleName
    colors: str = Field("", max_length=400, description=COLOURS_TEXT)
    description: str = Field("", max_length=MAX_DESCRIPTION)


def _says_something(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"properties": {"content": {"pattern": SAYS_SOMETHING}}, "required": ["content"]},
        {"properties": {"new_reference": {"const": True}}, "required": ["new_reference"]},
    ]


class MessageBody(RequestModel):
    """Words for the coach, or (``new_reference``) only the news that the page just uploaded a reference."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, json_schema_extra=_says_something)
    content: str = Field("", max_length=MAX_USER_MESSAGE)
    new_reference: bool = False

    refusals: ClassVar[dict[str, str]] = {"content.string_too_long": turn_refused(TooLong(MAX_USER_MESSAGE))}

    @model_validator(mode="after")
    def _says_something(self) -> MessageBody:
        if not self.new_reference and not re.search(SAYS_SOMETHING, self.content):
            raise PydanticCustomError("nothing_to_say", turn_refused(NothingToSay()))
        return self


# The brief's elements (each type uses some of them): text, or null to clear an optional one.
BriefFields = create_model(
    "BriefFields", __base__=RequestModel,
    **{name: (str | None, Field(None, max_length=FIELD_MAX)) for name in typing.get_args(Element)},  # type: ignore[call-overload]
)  # fmt: skip
Colour = Annotated[str, Field(max_length=60)]


class BriefBody(RequestModel):
    """The brief card's edit: the fields the user set, the whole list of brand colours (absent: unchanged), or a
    candidate mark picked (one of the brief's ``marks[].mark``)."""

    fields: BriefFields = Field(default_factory=BriefFields)  # type: ignore[valid-type]
    colors: list[Colour] | None = Field(None, max_length=MAX_COLORS, description="the whole list; each one colour as "
                                        "people type it (a word that is not a colour answers 422)")  # fmt: skip
    mark: str | None = Field(None, min_length=1, max_length=100)

    refusals: ClassVar[dict[str, str]] = {
        "fields.extra_forbidden": brief_refused(BriefRefused("{loc}", "not_a_field")),
        "fields": "fields must be an object of texts (or null to clear one), each at most "
                  f"{FIELD_MAX} characters.",
        "colors.too_long": brief_refused(BriefRefused("colors", "too_many_colours", limit=MAX_COLORS)),
        "colors": "colors must be a list of colours.",
    }  # fmt: skip


class GenerateBody(RequestModel):
    """Absent file options keep the session's; ``change`` edits the last render, ``vary`` varies it."""

    size: Size | None = None
    format: Literal["png", "webp"] | None = None
    background: str | None = Field(None, pattern=BACKGROUND)
    change: str = Field("", max_length=MAX_USER_MESSAGE, description="an edit of the last render")
    vary: bool = False
    expect_renders: int | None = Field(None, ge=0, le=1000, description="the renders shown when Generate was "
                                       "pressed: a double submit renders once")  # fmt: skip

    refusals: ClassVar[dict[str, str]] = {
        "size": f"`size` must be one of {', '.join(map(str, SIZES))}.", "background": BACKGROUND_WORDS,
    }  # fmt: skip


class KitBody(RequestModel):
    name: Words | None = None
    titles: list[Words] = Field([], max_length=4)
    matte: Matte = "dark"

    refusals: ClassVar[dict[str, str]] = {
        "name": "`name` must be 1 to 40 characters.",
        "titles": "`titles` must be up to 4 panel titles of 1 to 40 characters.",
        "matte": "`matte` must be dark or light (the chat the GIF emotes are for).",
    }  # fmt: skip


class RatingBody(RequestModel):
    stars: int = Field(ge=1, le=5)

    refusals: ClassVar[dict[str, str]] = {"stars": "stars must be 1 to 5."}


class ForgetBody(RequestModel):
    confirm: Literal[True]

    refusals: ClassVar[dict[str, str]] = {
        "confirm": 'Forgetting deletes your sessions, renders and gallery: send {"confirm": true}.'
    }


class GalleryQuery(QueryModel):
    page: int = Field(1, ge=1, le=1_000_000)


class KitListQuery(QueryModel):
    render: int | None = Field(None, ge=0, le=10**18 - 1, description="only this render's kits (404 if it is not "
                               "the caller's)")  # fmt: skip


class FileQuery(QueryModel):
    thumb: Literal["0", "1"] = Field("0", description="1: a thumbnail")


class ExportQuery(QueryModel):
    size: Size = 512
    format: Literal["png", "webp", "svg"] = Field("png", description="svg: the vector (an offline design's own, "
                                                  "else traced)")  # fmt: skip
    background: str = Field("transparent", pattern=BACKGROUND)

    refusals: ClassVar[dict[str, str]] = {"background": BACKGROUND_WORDS}


class EmoteQuery(QueryModel):
    motion: Motion = "pulse"
    file: EmoteFile = "discord-128.gif"
    matte: Matte = "dark"
