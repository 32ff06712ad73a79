"""Prompts: the coach's system instruction, the brief extractor's, and the image prompt."""

from __future__ import annotations

from bot.model import CHANGE_MARKER, PRESETS, REQUIREMENTS, TYPES, Brief, BriefCheck, CreationType, StyleName, has_text


def _labels(creation_type: CreationType, elements: list) -> str:
    labels = REQUIREMENTS[creation_type].labels
    return ", ".join(labels[e] for e in elements) or "nothing"


def coach_system_prompt(
    creation_type: CreationType,
    style: StyleName,
    colors: list[str],
    brief: Brief,
    check: BriefCheck,
    references: int = 0,
    new_reference: bool = False,
) -> str:
    preset = PRESETS[style]
    rules = REQUIREMENTS[creation_type]
    style_line = (
        f"Style preset: {preset.name} ({preset.description})."
        if preset.description
        else "Style preset: custom — ask the user to describe the style."
    )
    if check.ready:
        next_step = (
            "The brief is complete. In one or two sentences, summarise the design and tell the user to pick "
            "size, format and background below, then press Generate. Do not ask more questions."
        )
    else:
        next_step = (
            f"Still missing: {_labels(creation_type, check.missing_required)}. Ask about ONE missing element, "
            "offering two or three concrete suggestions that fit the style."
        )
        if check.problems:
            next_step += " Also fix this: " + "; ".join(check.problems) + "."
    return "\n".join(
        [
            f"You are a friendly design coach on Discord helping a streamer plan a {TYPES[creation_type].model_noun}.",
            f"The design needs: {_labels(creation_type, list(rules.required))} "
            f"(and optionally {_labels(creation_type, list(rules.recommended))}).",
            style_line,
            f"Brand colours: {', '.join(colors)}." if colors else "No brand colours given yet.",
            f"Brief so far (JSON): {brief.model_dump_json(exclude_none=True)}",
            "The brief was taken before the user's newest message: count what that message gives as known.",
            _reference_line(references, new_reference),
            next_step,
            "Keep replies short: at most 3 sentences, no headings, no long lists. Never promise an image yourself;",
            "the bot renders it when the user presses Generate. Stay on the design; politely decline other topics.",
        ]
    )


def _reference_line(references: int, new_reference: bool) -> str:
    if not references:
        return "The user has given no reference image."
    line = (
        f"The user gave {references} reference image(s) (attached to the first message): the design must keep "
        "the likeness of its subject, in the chosen style. Use it for the subject and colours they haven't named."
    )
    if new_reference:
        line += " A reference was just added: start your reply with ONE sentence describing what you see in it."
    return line


def extraction_instruction(creation_type: CreationType, brief: Brief) -> str:
    labels = REQUIREMENTS[creation_type].labels
    fields = "; ".join(f"{name} = {label}" for name, label in labels.items())
    return (
        f"Extract the design brief for a {TYPES[creation_type].model_noun} from the conversation. Fields: {fields}. "
        "Return JSON with only these fields. Set a field only when the user stated or clearly accepted it; "
        "keep the existing value otherwise. A sentence that names a field (\"the main element is …\", \"change the "
        "text to …\", \"background: …\") changes exactly that field, whatever was asked last. The subject is the "
        "phrase naming the thing (\"a pink bunny with headphones\"), never a trailing mood (\"cozy vibe\" is the "
        "mood); keep every colour with its modifier (\"pastel pink\"). Use short phrases in English. If the user "
        "says they want no "
        'text, set text to "none". When the first message carries reference images and the user has not said '
        "otherwise, describe the reference's subject (e.g. a smiling woman with red hair) as the subject and its "
        "main colours as the colour scheme.\n"
        f"Existing brief: {brief.model_dump_json(exclude_none=True)}"
    )


# What the transcript records when the user sent only an image.


def change_instruction(creation_type: CreationType, brief: Brief) -> str:
    """Brief extraction after a delivery: the user's newest message asks to change the rendered design."""
    return (
        f"{extraction_instruction(creation_type, brief)}\n{CHANGE_MARKER} A change request (bigger, smaller, darker, "
        "lighter, thicker, move, swap, centre...) changes the picture, not the brief: it never writes into any "
        "field, and its words are never a field's value (\"make the text bigger\" leaves text as it is). Change a "
        "field only when the message names it explicitly (\"the text should say Nova\", \"colours: teal and "
        "sand\", \"the main element is a bunny\") or names new colours; keep every other field exactly as it is."
    )


def _background_instruction(brief: Brief, key_color: str | None) -> str:
    if key_color is None:
        return f"Background: {brief.background or 'simple and uncluttered'}."
    return (
        f"Place the design on a perfectly flat, uniform {key_color} background filling the whole canvas: "
        f"no shadows, gradients, texture or other use of {key_color} anywhere in the design, so the "
        "background can be cut out cleanly."
    )


def edit_prompt(
    creation_type: CreationType,
    brief: Brief,
    colors: list[str],
    change: str,
    *,
    key_color: str | None,
    references: int = 0,
) -> str:
    """An edit of the attached previous render (the first image): the change, and the brief it must still honour."""
    brief_prompt = image_prompt(creation_type, brief, colors, key_color=key_color, references=references)
    return " ".join(
        [
            f"Edit the first attached image (a {TYPES[creation_type].model_noun}). Change requested: {change.strip()}.",
            "Keep everything else as it is: composition, subject, style and lettering.",
            f"The full brief it must still match: {brief_prompt}",
        ]
    )


def repaint_prompt(key_color: str) -> str:
    """Asks for the same render with only its background repainted flat, so it can be cut out."""
    return (
        "Keep the attached design exactly as it is (same subject, colours, lettering, position and size) and "
        f"repaint only its background as one perfectly flat, uniform {key_color} colour: no gradient, vignette, "
        f"shadow or texture, and no {key_color} inside the design."
    )


def image_prompt(
    creation_type: CreationType,
    brief: Brief,
    colors: list[str],
    *,
    key_color: str | None,
    references: int = 0,
) -> str:
    """The prompt sent to the image model. ``key_color`` None keeps the designed scene background."""
    parts = []
    if references:
        parts.append(
            "Keep the likeness of the person or character in the attached reference image(s), redrawn in the "
            "style below (do not copy the photo's background)."
        )
    kind = TYPES[creation_type]
    parts.append(kind.prompt_lead.format(subject=brief.subject))
    parts.extend(sentence.format(value) for element, sentence in kind.prompt_details
                 if (value := getattr(brief, element)))  # fmt: skip
    if brief.style:
        parts.append(f"Style: {brief.style}.")
    if brief.color_scheme or colors:
        parts.append(f"Colour scheme: {brief.color_scheme or ', '.join(colors)}.")
    if has_text(brief):
        parts.append(f"Include the text “{brief.text}”, spelled exactly, large and legible.")
    else:
        parts.append("No text, letters or watermarks.")
    parts.append("Centred composition that still reads when shown as a small circle.")
    parts.append(_background_instruction(brief, key_color))
    return " ".join(parts)


def wide_art_prompt(creation_type: CreationType, brief: Brief, colors: list[str], aspect: str) -> str:
    """A brand kit's wide art: the scenery of the attached design's world, in its style, for banners. The subject
    and the words are ours to place (the render's own cut-out, the name typeset by us), so none are asked for."""
    parts = [
        f"Paint a wide {aspect} background for a streamer's banners, in exactly the style of the attached "
        f"{TYPES[creation_type].model_noun}: the same rendering style, line work, lighting and palette.",
        f"Show the world it belongs to ({brief.background or brief.subject or 'its setting'}) as scenery only: do "
        "not draw the main subject or any character.",
    ]
    if brief.style:
        parts.append(f"Style: {brief.style}.")
    if brief.color_scheme or colors:
        parts.append(f"Colour scheme: {brief.color_scheme or ', '.join(colors)}.")
    parts.append("Keep the middle third calm and uncluttered: a logo and a name will be set over it.")
    parts.append("No text, letters, numbers, logos, signatures or watermarks anywhere.")
    return " ".join(parts)
