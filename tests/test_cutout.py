"""The cut-out on what models really paint: per-class floors on a seed the thresholds were not tuned on."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bench.matting import score, source_alpha
from bot.imaging.cutout import cut_out
from bot.imaging.output import OutputOptions, process
from tests.matting_set import BACKGROUND_CLASSES, POCKET_BACKGROUNDS, SUBJECTS, make_case, pocket_case, pocket_opacity

SEED = 7  # the benchmark reports seeds 2026+, development used seed 1
# Issue 24's goal on every class, JPEG q70 included: mean IoU >= 0.97, min IoU >= 0.93, alpha MAE <= 0.01.
FLOORS = {name: (0.97, 0.93, 0.01) for name in BACKGROUND_CLASSES}


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


def _alpha(data: bytes, size: int | None = None) -> np.ndarray:
    if size is None:
        return source_alpha(data)
    return np.asarray(Image.open(io.BytesIO(process(data, OutputOptions(size=size)).data)), np.float32)[..., 3] / 255


@pytest.mark.parametrize("background", list(POCKET_BACKGROUNDS))
def test_pockets_of_background_enclosed_by_thin_strokes_clear(background):
    """Issue 24: a pocket a few pixels wide enclosed by strokes kept opaque though it is background. JPEG tints such
    a pocket just past the threshold, so it was all "subject" and no outline reached it (18 of these 272 pockets
    stayed opaque before, all in the q85 sources)."""
    opacities = []
    for size, pocket, stroke in ((1024, 5, 2.5), (512, 8, 4.0)):
        for quality in (None, 85):
            case = pocket_case(size, pocket, stroke, background, quality, SEED)
            opacities.extend(pocket_opacity(_alpha(case.data), case.alpha))
    assert len(opacities) == 4 * 17  # 16 small pockets and the big circle's inside per image
    assert max(opacities) < 0.2, sorted(opacities)[-5:]


def test_no_half_opaque_halo_beside_thin_strokes():
    """Band pixels whose edge normal missed the subject (beside thin strokes, in shadows and noise) were given
    alpha 0.5 by construction: a half-opaque line two to four pixels outside the stroke."""
    from scipy import ndimage

    halo = truth_area = 0
    for background in ("drop_shadow", "off_white_noise", "jpeg_q70", "radial_gradient"):
        for size in (768, 1024):
            case = make_case(background, "strokes", size, SEED)
            outside = ndimage.distance_transform_edt(case.alpha < 0.01) >= 2
            halo += int(((_alpha(case.data) >= 0.5) & outside).sum())
            truth_area += int((case.alpha > 0.5).sum())
    assert halo < truth_area * 0.004, f"{halo} half-opaque pixels outside {truth_area} stroke pixels"


def test_no_ringing_fringe_around_a_q85_cut_out_at_full_size():
    """Issue 24: at 1024 px, q85 sources kept fragments of JPEG ringing 3-6 px off the outline, attached to the
    subject (not separate specks). Before: 4,906 such pixels over these 10 cases; the bound leaves room for
    anti-aliasing only."""
    from scipy import ndimage

    fringe = 0
    for background in ("flat_key", "white", "linear_gradient", "vignette", "off_white_noise"):
        for subject in ("strokes", "text"):
            case = make_case(background, subject, 1024, 11)
            source = io.BytesIO()
            Image.open(io.BytesIO(case.data)).save(source, "JPEG", quality=85)
            alpha = _alpha(source.getvalue(), 1024)
            fringe += int(((alpha > 0.25) & (ndimage.distance_transform_edt(case.alpha < 0.01) >= 3)).sum())
    assert fringe < 1000, f"{fringe} fringe pixels"


def test_a_smaller_output_keeps_the_strokes_coverage():
    """Shrinking averages areas (alpha is coverage): Lanczos moved the half-opaque line of 2-3 px strokes
    (IoU 0.92 on this case, and ~1 % of the stroke area lost or gained)."""
    case = make_case("white", "strokes", 768, SEED)
    truth = case.truth_at(512)
    alpha = _alpha(case.data, 512)
    a, b = alpha > 0.5, truth > 0.5
    assert (a & b).sum() / (a | b).sum() >= 0.97
    assert abs(alpha.sum() - truth.sum()) < 0.005 * truth.sum()


def test_a_small_faint_part_of_the_design_stays():
    """The speck filter drops small clusters that are only faintly off the background (ringing); a small part of
    the design with a real colour, even close to the background's, stays."""
    image = Image.new("RGB", (512, 512), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 100, 400, 400), outline=(30, 30, 40), width=6)
    draw.ellipse((250, 60, 258, 68), fill=(200, 205, 190))  # a small pale dot outside the ring, ~60 from white
    alpha = np.asarray(cut_out(image).image)[..., 3]
    assert alpha[62:67, 252:257].min() == 255


@pytest.mark.slow  # drawing the super-sampled lattices takes 4-14 s on the shared machine
def test_a_soft_shadow_under_a_lattice_is_removed_from_its_enclosed_pockets():
    """Issue 45: under a lattice of 1-3 px strokes the shadow fills every cell, which no gentle path from the
    outside reaches: the cells stayed opaque (IoU 0.34-0.59 on these development seeds, never the held-out ones)."""
    from tests.matting_set import THIN_DEV_SEEDS, thin_set

    for seed in (102, 105, 108):
        assert seed in THIN_DEV_SEEDS
        case = dict(thin_set(seed))["drop_shadow/lattice"]
        assert case.size == 512  # the fast size: the cut-out alone, no resize
        ours, truth = source_alpha(case.data) > 0.5, case.alpha > 0.5
        assert (ours & truth).sum() / (ours | truth).sum() >= 0.92
