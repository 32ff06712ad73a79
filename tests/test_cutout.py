"""The cut-out on what models really paint: per-class floors on a seed the thresholds were not tuned on."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bench.matting import score
from bot.imaging.cutout import cut_out
from bot.imaging.output import OutputOptions, process
from tests.matting_set import BACKGROUND_CLASSES, SUBJECTS, make_case

SEED = 7  # the benchmark reports seeds 2026+, development used seed 1
# The goal on every class; JPEG q70 misses it on thin strokes (chroma smeared by 4:2:0), so its floor is
# what the cut-out reaches today, kept as a regression guard and reported in the README.
FLOORS = {name: (0.97, 0.90, 0.01) for name in BACKGROUND_CLASSES} | {"jpeg_q70": (0.93, 0.78, 0.01)}


@pytest.mark.parametrize("background_class", BACKGROUND_CLASSES)
def test_each_background_class_meets_its_floor(background_class):
    sizes = (512, 640, 768)
    scores = [
        score(make_case(background_class, subject, sizes[i % 3], SEED), 512) for i, subject in enumerate(SUBJECTS)
    ]
    ious, maes = [s[0] for s in scores], [s[1] for s in scores]
    mean_floor, min_floor, mae_ceiling = FLOORS[background_class]
    assert np.mean(ious) >= mean_floor, ious
    assert min(ious) >= min_floor, ious
    assert np.mean(maes) <= mae_ceiling, maes


def test_subject_parts_in_the_requested_key_colour_survive_on_a_gradient():
    # The reported failure: on a light gradient the old keyer fell back to the requested green and deleted the
    # subject's green parts (IoU 0.22). The green eye and bar must stay opaque.
    case = make_case("linear_gradient", "green_parts", 512, SEED)
    iou, _ = score(case, 512)
    assert iou >= 0.97
    alpha = np.asarray(Image.open(io.BytesIO(process(case.data, OutputOptions(size=512)).data)))[..., 3]
    assert alpha[int(512 * 0.56), 256] == 255  # centre of the green ellipse
    assert alpha[int(512 * 0.88), 256] == 255  # the green bar


def test_soft_drop_shadows_are_removed():
    case = make_case("drop_shadow", "ring", 768, SEED)
    cut = cut_out(Image.open(io.BytesIO(case.data)).convert("RGB"))
    alpha = np.asarray(cut.image)[..., 3] / 255.0
    source = np.asarray(Image.open(io.BytesIO(case.data)).convert("RGB")).astype(int)
    shadowed = (case.alpha == 0) & (np.abs(source - source[2, 2]).sum(-1) > 40)  # visibly darker background
    assert shadowed.sum() > 500, "the case really has a visible shadow"
    assert (alpha[shadowed] < 0.1).mean() > 0.97
    assert not cut.doubtful


def test_confidence_flags_a_scene_and_trusts_a_backdrop():
    clean = cut_out(Image.open(io.BytesIO(make_case("white", "ring", 512, SEED).data)).convert("RGB"))
    assert clean.confidence >= 0.9 and clean.doubt is None
    rng = np.random.default_rng(3)
    scene = Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).resize((512, 512))
    draw = ImageDraw.Draw(scene)
    draw.ellipse((150, 150, 360, 360), fill=(250, 120, 20))
    doubtful = cut_out(scene)
    assert doubtful.doubtful and doubtful.doubt  # a sentence the bot can show the user


def test_processed_result_carries_confidence_only_when_cut_out():
    case = make_case("flat_key", "ring", 512, SEED)
    kept = process(case.data, OutputOptions(size=256, background="scene"))
    assert kept.confidence is None and not kept.doubtful
    cut = process(case.data, OutputOptions(size=256))
    assert cut.confidence is not None and cut.confidence > 0.9


def test_no_stray_specks_outside_the_outline_of_a_jpeg_cut_out():
    """Issue 24: JPEG block noise that crossed the threshold became detached specks just outside the outline
    (fuzz on Discord's dark grey): 207 over these 20 cases at 512 px before the speck filter."""
    from scipy import ndimage

    from bot.imaging.output import process_image

    detached = 0
    for background in ("flat_key", "white", "linear_gradient", "radial_gradient"):
        for subject in SUBJECTS:
            case = make_case(background, subject, 1024, 11)
            source = io.BytesIO()
            Image.open(io.BytesIO(case.data)).save(source, "JPEG", quality=85)
            result = Image.open(io.BytesIO(process_image(source.getvalue(), OutputOptions(size=512))))
            alpha = np.asarray(result)[..., 3] > 64
            truth = np.asarray(Image.fromarray(np.uint8(case.alpha * 255)).resize((512, 512))) > 0
            near = ndimage.binary_dilation(truth, iterations=2)
            labels, count = ndimage.label(alpha & ~near)
            touching = set(np.unique(labels[ndimage.binary_dilation(near) & (labels > 0)]))
            detached += count - len(touching - {0})
    assert detached <= 5, f"{detached} specks"
