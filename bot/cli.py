"""Command line of Profile Creator: run the Discord bot or the web studio, prove a deployment's Gemini calls with
doctor, check a running bot's health, or post-process one image file as the bot does."""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from bot.config import ConfigError, load_settings, load_settings_from
from bot.imaging import SCENE, TRANSPARENT, ColorError, ImagingError, OutputOptions, parse_color, process
from bot.references import sniff

IMAGE_HELP = (
    "Square, cut out, resize and encode one image, as the bot post-processes a render. EXIF orientation is applied "
    "(phone photos come out upright). A colour is #RRGGBB, #RGB, a name (teal, rebeccapurple: every CSS colour "
    "name), rgb(20, 40, 60) or hsl(270, 60%, 50%)."
)


def _background(value: str) -> str:
    if value in (TRANSPARENT, SCENE):
        return value
    try:
        return parse_color(value)
    except ColorError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="profile-creator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.add_argument("--config", type=Path, help="TOML config file (default: ./config.toml when present)")
    run.add_argument("--data-dir", type=Path, help="overrides data_dir from the config")
    run.add_argument("--debug", action="store_true", help="debug logging, and tracebacks for start-up failures")

    studio = commands.add_parser("studio", help="run the web studio alone (no Discord token needed)")
    studio.add_argument("--config", type=Path, help="TOML config file (default: ./config.toml when present)")
    studio.add_argument("--host", help="address to bind (default: web.host, 127.0.0.1)")
    studio.add_argument("--port", type=int, help="port (default: web.port, 8765; 0 picks a free one)")
    studio.add_argument("--data-dir", type=Path, help="overrides data_dir from the config")

    doctor = commands.add_parser(
        "doctor", help="make one small real Gemini call of each kind the bot makes, and print pass or fail"
    )
    doctor.add_argument("--config", type=Path, help="TOML config file (default: ./config.toml when present)")

    health = commands.add_parser("health", help="exit 0 when the running bot is connected (container health check)")
    health.add_argument("--data-dir", type=Path, default=Path("data"), help="the bot's data_dir (default: data)")

    image = commands.add_parser(
        "image", help="square, cut out, resize and encode an image", description=IMAGE_HELP,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )  # fmt: skip
    image.add_argument("input", type=Path, help="the image to process: PNG, JPEG, WebP or GIF (first frame)")
    image.add_argument("-o", "--output", type=Path, required=True,
                       help="where to write it; its suffix, .png or .webp, is the format")  # fmt: skip
    image.add_argument("--size", type=int, choices=(256, 512, 1024), default=512, help="width and height in pixels")
    image.add_argument("--format", choices=("png", "webp"), help="png or webp (default: the output's suffix)")
    image.add_argument("--background", type=_background, default=TRANSPARENT,
                       help="transparent (cut out), scene (keep it), or a colour")  # fmt: skip
    return parser


def _image(args: argparse.Namespace) -> int:
    """Each failure is one sentence on stderr (the same ones the bot gives for references); nothing half-written."""
    failure = _image_failure(args)
    if failure:
        print(f"error: {failure}", file=sys.stderr)
        return 2
    return 0


def _image_failure(args: argparse.Namespace) -> str | None:
    output: Path = args.output
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("png", "webp"):
        return f"-o {output}: the file name must end in .png or .webp, the formats this writes"
    if args.format and args.format != suffix:
        return f"--format {args.format} does not match -o {output.name}: name the file .{args.format}"
    if not output.parent.is_dir():
        return f"-o {output}: the folder {output.parent} does not exist"
    try:
        data = args.input.read_bytes()
    except OSError as exc:
        return f"cannot read {args.input}: {exc.strerror}"
    if not data:
        return f"{args.input} is empty (0 bytes), so there is no image to process"
    if sniff(data[:16]) is None:
        return f"{args.input} isn't a PNG, JPEG, WebP or GIF image"
    options = OutputOptions(size=args.size, format=suffix, background=args.background)  # type: ignore[arg-type]
    try:
        processed = process(data, options)
    except ImagingError as exc:
        return f"{args.input}: {exc}"
    result = processed.data
    if options.background == TRANSPARENT and processed.doubtful:
        # A photo or a painted scene: the cut-out follows a plain backdrop, and this has none to follow.
        print(f"warning: {args.input} does not look like a design on a plain background ({processed.doubt}), so the "
              "cut-out may remove parts of it. For a photo, use --background scene (or a colour) to keep it whole.",
              file=sys.stderr)  # fmt: skip
    if options.background == TRANSPARENT and _fully_transparent(result):
        return (f"nothing was left after the cut-out ({args.input} looks like one flat colour); nothing was "
                "written. Try --background scene to keep it as it is.")  # fmt: skip
    try:
        output.write_bytes(result)
    except OSError as exc:
        return f"cannot write {output}: {exc.strerror}"
    print(f"wrote {output} ({options.size}x{options.size} {suffix}, background {options.background})")
    return None


def _fully_transparent(encoded: bytes) -> bool:
    with Image.open(io.BytesIO(encoded)) as image:
        return image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema()[1] == 0


def _studio(args: argparse.Namespace) -> int:
    from bot.observability import configure_logging
    from web import run_studio

    try:
        settings = load_settings(_config_path(args.config))
        if args.data_dir:
            settings = settings.model_copy(update={"data_dir": args.data_dir})
        if args.host:
            web = settings.web.model_copy(update={"host": args.host})
            settings = load_settings_from(settings.model_copy(update={"web": web}))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    secrets = [s.get_secret_value() for s in (settings.gemini_api_key, settings.discord_client_secret) if s]
    configure_logging(settings.log_level, secrets)
    return run_studio(settings, port=args.port)


def _config_path(given: Path | None) -> Path | None:
    """--config, else ./config.toml when it exists (what ./scripts/run writes), else the defaults."""
    path = given or (Path("config.toml") if Path("config.toml").is_file() else None)
    print(f"config: {path if path else 'none found, using the defaults'}", file=sys.stderr)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "image":
        return _image(args)
    if args.command == "health":
        from bot.runtime import check

        healthy, why = check(args.data_dir)
        print(why)
        return 0 if healthy else 1
    if args.command == "studio":
        return _studio(args)
    if args.command == "doctor":
        from bot.runtime import doctor

        try:
            settings = load_settings(_config_path(args.config))
            if settings.discord_token is not None:  # the mode the bot would run in (Message Content intent)
                from bot.app import intent_mode

                print(asyncio.run(intent_mode(settings)))
            return doctor(settings, sys.stdout)
        except ConfigError as exc:
            print(f"configuration error: {exc}", file=sys.stderr)
            return 2
    from bot.app import run_bot  # discord.py is only needed to run the bot

    try:
        settings = load_settings(_config_path(args.config))
        if args.data_dir:
            settings = settings.model_copy(update={"data_dir": args.data_dir})
        settings.require_discord_token()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    return run_bot(settings, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
