"""Command line: ``profile-creator run`` starts the bot, ``doctor`` proves a deployment's Gemini calls,
``image`` post-processes a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, load_settings, load_settings_from
from bot.imaging import SCENE, TRANSPARENT, ColorError, ImagingError, OutputOptions, parse_color, process_image


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

    image = commands.add_parser("image", help="square, cut out, resize and encode an image")
    image.add_argument("input", type=Path)
    image.add_argument("-o", "--output", type=Path, required=True)
    image.add_argument("--size", type=int, choices=(256, 512, 1024), default=512)
    image.add_argument("--format", choices=("png", "webp"), help="default: from the output's extension, else png")
    image.add_argument(
        "--background", type=_background, default=TRANSPARENT, help="transparent, scene, or a colour like #1a2b3c"
    )
    return parser


def _image(args: argparse.Namespace) -> int:
    fmt = args.format or (args.output.suffix.lower().lstrip(".") if args.output.suffix.lower() == ".webp" else "png")
    try:
        data = args.input.read_bytes()
        options = OutputOptions(size=args.size, format=fmt, background=args.background)
        result = process_image(data, options)
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    except ImagingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.output.write_bytes(result)
    print(f"wrote {args.output} ({options.size}x{options.size} {fmt}, background {options.background})")
    return 0


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
            return doctor(load_settings(_config_path(args.config)), sys.stdout)
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
