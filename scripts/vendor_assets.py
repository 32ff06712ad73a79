"""Second half of scripts/vendor-assets: copies the subset out of the unpacked npm packages in argv[1]."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from bot.design.mark_words import all_marks

ASSETS = Path("bot/design/assets")
# (package folder prefix, file inside the package, name in assets/fonts)
FONTS = [
    ("expo-google-fonts-russo-one", "400Regular/RussoOne_400Regular.ttf", "RussoOne-Regular.ttf"),
    ("expo-google-fonts-vt323", "400Regular/VT323_400Regular.ttf", "VT323-Regular.ttf"),
    ("expo-google-fonts-bangers", "400Regular/Bangers_400Regular.ttf", "Bangers-Regular.ttf"),
    ("expo-google-fonts-montserrat", "700Bold/Montserrat_700Bold.ttf", "Montserrat-Bold.ttf"),
    ("expo-google-fonts-poppins", "800ExtraBold/Poppins_800ExtraBold.ttf", "Poppins-ExtraBold.ttf"),
    ("expo-google-fonts-playfair-display", "700Bold/PlayfairDisplay_700Bold.ttf", "PlayfairDisplay-Bold.ttf"),
]


def package(root: Path, prefix: str) -> Path:
    (found,) = [p / "package" for p in root.iterdir() if p.is_dir() and p.name.startswith(prefix)]
    return found


def main(root: Path) -> None:
    (ASSETS / "fonts").mkdir(parents=True, exist_ok=True)
    (ASSETS / "licenses").mkdir(parents=True, exist_ok=True)
    icons_pkg = package(root, "iconify-json-game-icons")
    data = json.loads((icons_pkg / "icons.json").read_text())
    info = json.loads((icons_pkg / "info.json").read_text())
    wanted = sorted(all_marks())
    missing = [m for m in wanted if m not in data["icons"]]
    if missing:
        raise SystemExit(f"marks not in game-icons: {missing}")
    version = json.loads((icons_pkg / "package.json").read_text())["version"]
    subset = {
        "source": f"game-icons.net via @iconify-json/game-icons {version}",
        "license": "CC BY 3.0",
        "size": data.get("width", 512),
        "icons": {m: data["icons"][m]["body"] for m in wanted},
    }
    (ASSETS / "marks.json").write_text(json.dumps(subset, indent=0, sort_keys=True))
    # The package ships no licence file: its info.json names CC BY 3.0, and the notice below is what it asks for.
    (ASSETS / "licenses" / "game-icons-CC-BY-3.0.txt").write_text(
        f"Icons from game-icons.net by Lorc, Delapouite and contributors ({info['author']['url']}).\n"
        f"Licence: {info['license']['title']} ({info['license']['url']}),\n"
        "https://creativecommons.org/licenses/by/3.0/ . Recoloured and combined by Profile Creator's design engine.\n"
    )
    lines = [
        "# Vendored design assets",
        "",
        "Refreshed by `scripts/vendor-assets` from npm packages; nothing here is fetched at run time.",
        "",
        f"- **Marks**: {len(wanted)} icons from [game-icons.net](https://game-icons.net) by Lorc, Delapouite and",
        "  contributors, licensed under CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/), via the",
        "  `@iconify-json/game-icons` package. The engine recolours and outlines them.",
    ]
    for prefix, inside, name in FONTS:
        pkg = package(root, prefix)
        shutil.copy(pkg / inside, ASSETS / "fonts" / name)
        family = name.split("-")[0]
        shutil.copy(pkg / "LICENSE_FONT", ASSETS / "licenses" / f"{family}-OFL.txt")
        first = (pkg / "LICENSE_FONT").read_text().splitlines()[0]
        lines.append(f"- **{family}** ({name}): {first}; SIL Open Font License 1.1 (licenses/{family}-OFL.txt).")
    (ASSETS / "ATTRIBUTION.md").write_text("\n".join(lines) + "\n")
    print(f"vendored {len(wanted)} marks and {len(FONTS)} fonts into {ASSETS}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
