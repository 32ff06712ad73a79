"""Which vendored mark a brief's words call for: a curated table over game-icons.net (CC BY 3.0).

Subjects come first (the star of the design); emblems (an accessory or a theme: a planet, a crown, lightning) may
join a subject as a second, smaller mark. Each word lists marks in order of preference; Vary walks the list. The
vendoring script (scripts/vendor-assets) keeps exactly the icons named here.
"""

from __future__ import annotations

SUBJECTS: dict[str, tuple[str, ...]] = {
    "fox": ("fox-head", "fox"), "kitsune": ("fox-head", "fox-tail"), "wolf": ("wolf-head", "wolf-howl"),
    "cat": ("cat", "saber-toothed-cat-head", "hollow-cat"), "kitten": ("cat",), "dog": ("sitting-dog", "jumping-dog"),
    "puppy": ("sitting-dog",), "dragon": ("dragon-head", "dragon-spiral"), "owl": ("owl", "barn-owl"),
    "raven": ("raven",), "crow": ("raven", "crow-dive"), "eagle": ("eagle-head", "eagle-emblem"),
    "bear": ("bear-head", "bear-face"), "panda": ("panda",), "lion": ("lion",), "tiger": ("tiger-head", "tiger"),
    "shark": ("shark-jaws", "shark-fin"), "snake": ("snake", "cobra"), "cobra": ("cobra",),
    "rabbit": ("rabbit-head", "rabbit"), "bunny": ("rabbit-head", "rabbit"), "frog": ("frog",),
    "octopus": ("octopus",), "squid": ("squid-head", "squid"), "deer": ("deer-head", "deer"),
    "bull": ("bull", "bull-horns"), "boar": ("boar",), "horse": ("horse-head",), "unicorn": ("unicorn",),
    "monkey": ("monkey",), "gorilla": ("gorilla",), "penguin": ("penguin",), "bee": ("bee",),
    "butterfly": ("butterfly",), "spider": ("spider-face", "hanging-spider"), "bat": ("bat",),
    "turtle": ("turtle", "sea-turtle"), "crab": ("crab",), "duck": ("duck",), "parrot": ("parrot-head",),
    "koala": ("koala",), "hedgehog": ("hedgehog",), "squirrel": ("squirrel",), "mouse": ("seated-mouse",),
    "goat": ("goat",), "ram": ("ram",), "elephant": ("elephant-head",), "dolphin": ("dolphin",),
    "whale": ("sperm-whale",), "jellyfish": ("jellyfish",), "scorpion": ("scorpion",), "phoenix": ("eagle-emblem",),
    "astronaut": ("astronaut-helmet",), "spaceman": ("astronaut-helmet",), "robot": ("robot-helmet", "vintage-robot"),
    "cyborg": ("cyborg-face",), "android": ("android-mask",), "alien": ("alien-stare", "alien-skull"),
    "ninja": ("ninja-head", "ninja-mask"), "samurai": ("samurai-helmet",), "knight": ("black-knight-helm",),
    "viking": ("viking-head", "viking-helmet"), "pirate": ("pirate-captain", "pirate-flag"),
    "wizard": ("wizard-face", "wizard-staff"), "witch": ("witch-face",), "mage": ("wizard-face",),
    "vampire": ("vampire-dracula",), "zombie": ("shambling-zombie",), "skull": ("skull-crack", "burning-skull"),
    "skeleton": ("skeleton",), "ghost": ("ghost", "floating-ghost"), "reaper": ("hood",), "hood": ("hood",),
    "mermaid": ("mermaid",), "cowboy": ("cowboy-boot",), "gamer": ("gamepad",),
    "controller": ("gamepad", "console-controller"), "gamepad": ("gamepad",), "joystick": ("joystick",),
    "headphones": ("headphones",), "headset": ("headphones",), "microphone": ("microphone",), "mic": ("microphone",),
    "guitar": ("guitar",), "piano": ("grand-piano",), "drum": ("drum",), "music": ("musical-notes",),
    "coffee": ("coffee-cup", "coffee-mug"), "pizza": ("pizza-slice",), "donut": ("donut",), "cupcake": ("cupcake",),
    "mushroom": ("super-mushroom", "mushroom"), "ufo": ("ufo",), "rocket": ("rocket", "rocket-flight"),
    "spaceship": ("spaceship",), "sword": ("broadsword", "energy-sword"), "katana": ("katana",),
    "axe": ("battle-axe",), "shield": ("checked-shield",), "crown": ("crown",), "castle": ("castle",),
    "tree": ("oak",), "flower": ("lotus-flower", "rose"), "rose": ("rose",), "lotus": ("lotus",),
    "book": ("open-book",), "brain": ("brain",), "eye": ("all-seeing-eye",), "fist": ("fist",),
    "dice": ("dice-six-faces-five",), "chess": ("chess-knight",), "trophy": ("trophy",), "anchor": ("anchor",),
    "camera": ("photo-camera",), "pumpkin": ("pumpkin-lantern",), "bolt": ("lightning-helix",),
    "flame": ("flame",), "fire": ("flame", "fire"), "heart": ("hearts",), "diamond": ("cut-diamond",),
    "gem": ("cut-diamond",), "crystal": ("crystal-cluster",), "planet": ("ringed-planet",), "moon": ("moon",),
    "sun": ("sun",), "star": ("star-formation",), "paw": ("paw-print",), "snowflake": ("snowflake-2",),
    "wave": ("big-wave",), "mountain": ("mountain-road",), "car": ("f1-car",), "skateboard": ("skateboard",),
    "soccer": ("soccer-ball",), "basketball": ("basketball-ball",), "football": ("american-football-helmet",),
    "target": ("crosshair",), "crosshair": ("crosshair",), "trident": ("trident",), "feather": ("feather",),
}  # fmt: skip

# Emblems that accompany a subject (a second, smaller mark): a theme or an accessory named in the brief.
EMBLEMS: dict[str, tuple[str, ...]] = {
    "space": ("ringed-planet",), "planet": ("ringed-planet",), "galaxy": ("galaxy",), "moon": ("moon",),
    "star": ("star-formation",), "stars": ("sparkles",), "sparkle": ("sparkles",), "crown": ("crown",),
    "king": ("crown",), "queen": ("crown",), "lightning": ("lightning-helix",), "electric": ("lightning-helix",),
    "thunder": ("lightning-helix",), "fire": ("flame",), "flame": ("flame",), "flaming": ("flame",),
    "ice": ("snowflake-2",), "frost": ("snowflake-2",), "sword": ("broadsword",), "controller": ("gamepad",),
    "gaming": ("gamepad",), "headphones": ("headphones",), "headset": ("headphones",), "music": ("musical-notes",),
    "heart": ("hearts",), "coffee": ("coffee-cup",), "rocket": ("rocket",), "magic": ("sparkles",),
    "crystal": ("crystal-cluster",), "sun": ("sun",), "ocean": ("big-wave",), "sea": ("big-wave",),
    "wings": ("feathered-wing",), "winged": ("feathered-wing",), "paw": ("paw-print",), "skull": ("skull-crack",),
}  # fmt: skip

# Words that mean the same subject ("astronaut" for "space explorer").
SYNONYMS: dict[str, str] = {
    "kitty": "cat", "doggo": "dog", "pup": "dog", "foxy": "fox", "wolves": "wolf", "foxes": "fox", "cats": "cat",
    "dragons": "dragon", "bot": "robot", "mech": "robot", "cosmonaut": "astronaut", "headphone": "headphones",
    "gamepads": "controller", "sorcerer": "wizard", "warlock": "wizard", "knights": "knight", "shinobi": "ninja",
    "planets": "planet", "flames": "flame", "fiery": "fire", "crowned": "crown", "stars": "star", "hearts": "heart",
}  # fmt: skip


def all_marks() -> set[str]:
    return {m for table in (SUBJECTS, EMBLEMS) for marks in table.values() for m in marks}
