"""First contact, round two (issue 24): what a newcomer tripped on, each checked as they would meet it."""

import asyncio
import io
import subprocess
import sys

import pytest
from PIL import Image

from bot.imaging import ColorError, parse_color, parse_colors
from bot.model import Brief
from bot.runtime.startup import EXIT_DATABASE
from tests.harness import ROOT, TOKEN, launch_bot_process
from tests.test_e2e_references import png_header


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60,
                          cwd=cwd or ROOT, env=env)  # fmt: skip


def _png(color=(200, 30, 30), size=(64, 48)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (0, 255, 0))
    image.paste(color, (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    image.save(out, "PNG")
    return out.getvalue()


async def test_an_unreachable_database_has_its_own_sentence_and_exit_code(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n[storage]\nurl = "postgresql://pc:s3cret@127.0.0.1:9/pc"\n')
    process = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN}, capture_stderr=True)
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    last = stderr.decode().strip().splitlines()[-1]
    assert process.returncode == EXIT_DATABASE, stderr.decode()[-600:]
    assert last.startswith("error: Cannot reach the database at postgresql://pc:***@127.0.0.1:9/pc")
    assert "storage.url" in last
    assert "s3cret" not in stderr.decode() and "Discord" not in last
    assert "PyNaCl" not in stderr.decode() and "davey" not in stderr.decode()  # no voice-library warnings


def test_without_config_flag_the_cli_reads_config_toml_and_says_so(tmp_path):
    (tmp_path / "config.toml").write_text('[gemini]\nchat_model = "auto"\n')
    found = cli("doctor", cwd=tmp_path)
    assert "config: config.toml" in found.stderr
    (tmp_path / "config.toml").write_text("[gemini\n")  # broken: proves it was read, not ignored
    broken = cli("doctor", cwd=tmp_path)
    assert broken.returncode == 2 and "not valid TOML" in broken.stderr


def test_cli_output_paths_and_formats_are_one_sentence_each(tmp_path):
    source = tmp_path / "in.png"
    source.write_bytes(_png())
    cases = {
        ("-o", str(tmp_path / "missing" / "dir" / "x.png")): "folder",
        ("-o", str(tmp_path / "x.jpg")): "must end in .png or .webp",
        ("--format", "webp", "-o", str(tmp_path / "y.png")): "does not match",
    }
    for args, words in cases.items():
        done = cli("image", str(source), *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.count("\n") == 1
    assert not (tmp_path / "x.jpg").exists() and not (tmp_path / "y.png").exists()
    ok = cli("image", str(source), "-o", str(tmp_path / "z.webp"))
    assert ok.returncode == 0 and Image.open(tmp_path / "z.webp").format == "WEBP"


def test_cli_bad_inputs_get_the_bots_sentences(tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "notes.png").write_text("stream notes\n" * 10)
    (tmp_path / "huge.png").write_bytes(png_header(100_000, 100_000))  # a valid header claiming 100000²
    for name, words in {"empty.png": "is empty", "notes.png": "isn't a PNG, JPEG, WebP or GIF image",
                        "huge.png": "too many pixels"}.items():  # fmt: skip
        done = cli("image", str(tmp_path / name), "-o", str(tmp_path / "o.png"))
        assert done.returncode == 2 and words in done.stderr, (name, done.stderr)
        assert "BytesIO" not in done.stderr and "decompression bomb" not in done.stderr


def test_cli_applies_exif_orientation_and_refuses_to_write_nothing(tmp_path):
    photo = Image.new("RGB", (80, 40), (0, 255, 0))
    photo.paste((220, 20, 20), (0, 0, 40, 40))  # red on the left half as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: display rotated 90° clockwise
    photo.save(tmp_path / "phone.jpg", "JPEG", exif=exif, quality=95)
    done = cli("image", str(tmp_path / "phone.jpg"), "-o", str(tmp_path / "up.png"), "--background", "scene",
               "--size", "256")  # fmt: skip
    assert done.returncode == 0, done.stderr
    upright = Image.open(tmp_path / "up.png").convert("RGB")
    top, bottom = upright.getpixel((128, 10)), upright.getpixel((128, 245))
    assert top[0] > 150 and bottom[1] > 150  # red ends up on top, as the phone showed it
    solid = tmp_path / "solid.png"
    Image.new("RGB", (64, 64), (40, 90, 200)).save(solid)
    empty = cli("image", str(solid), "-o", str(tmp_path / "cut.png"))
    assert empty.returncode == 2 and "nothing was left after the cut-out" in empty.stderr
    assert not (tmp_path / "cut.png").exists()


def test_help_is_plain_text_with_every_argument_and_default_explained():
    top = cli("--help").stdout
    assert "``" not in top and "studio" in top and "doctor" in top
    image = cli("image", "--help").stdout
    assert "the image to process" in image and "its suffix" in image and "(default: 512)" in image
    assert "rebeccapurple" in image and "rgb(" in image


def test_colour_names_come_from_css_and_functional_notation():
    assert parse_color("rebeccapurple") == "#663399" and parse_color("RGB(20, 40, 60)") == "#14283c"
    assert parse_color("hsl(0, 100%, 50%)") == "#ff0000" and parse_color("teal") == "#00897b"  # our shade kept
    assert parse_colors("rgb(1, 2, 3), papayawhip") == ["#010203", "#ffefd5"]


def test_the_colours_option_takes_a_list_as_people_type_it():
    # "pastel pink and mint" in /profile create's colours option was refused: "`and` is not a colour".
    assert parse_colors("pastel pink and mint") == [parse_color("pastel pink"), parse_color("mint")]
    assert parse_colors("red, black & gold") == ["#e53935", "#000000", "#ffc107"]
    assert parse_colors("teal / sand") == [parse_color("teal"), parse_color("sand")]
    assert parse_colors("galaxy purple, gold") == [parse_color("purple"), parse_color("gold")]
    with pytest.raises(ColorError):
        parse_colors("bigger")


def test_a_subject_with_no_mark_gets_a_monogram_without_articles():
    from bot.design import spec_for

    brief = Brief(subject="a zorblax", style="minimal", color_scheme="red", shape="circle", text="none")
    spec = spec_for("streamer_logo", "minimal", brief, [])
    assert spec.marks == () and spec.monogram == "ZO"  # was "AZ"
    the = spec_for("streamer_logo", "minimal", brief.model_copy(update={"subject": "the quantum zorblax"}), [])
    assert the.monogram == "QZ"
    dragon = spec_for("streamer_logo", "minimal", brief.model_copy(update={"subject": "a dragon"}), [])
    assert dragon.marks[0] == "dragon-head"  # a subject the icon set has is drawn, not spelled
