"""How close a phrase is in meaning to each mark's name, offline: WordLlama's small static embedding (MIT; its
weights and tokenizer ship inside the wheel, so nothing is downloaded). Used only when the curated table has no
word for the subject ("a latte", "my golden retriever"), to choose a mark when sure and offer candidates when not.

Loading costs about a second (tokenizers, 32 MB of weights), so it happens once per process, off the event loop:
``warm()`` starts it in a thread at start-up and ``rank`` waits for it only if it is not there yet.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_lock = threading.Lock()


@functools.cache
def _model() -> Any | None:
    try:
        import wordllama
        from safetensors import safe_open
        from wordllama import WordLlama
        from wordllama.inference import WordLlamaInference
    except ImportError:  # an install without it still reads sentences with the table
        return None
    root = Path(wordllama.__file__).parent
    # WordLlama.load looks for the tokenizer in "tokenizer/" but the wheel ships "tokenizers/", then tries the
    # network: load the bundled files directly instead.
    tokenizer = WordLlama.load_tokenizer(root / "tokenizers" / "l2_supercat_tokenizer_config.json")
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer)


def model() -> Any | None:
    with _lock:  # one load, even when the warm-up thread and a first sentence ask at once
        return _model()


def ready() -> bool:
    """Loaded (or known to be missing): asking now costs no load."""
    return _model.cache_info().currsize > 0


def warm() -> None:
    """Load in the background (start-up), so the first sentence that needs it does not wait."""
    if not ready():
        threading.Thread(target=model, name="wordllama-warm", daemon=True).start()


@functools.cache
def _label_vectors(labels: tuple[str, ...]) -> Any:
    found = model()
    return None if found is None else found.embed(list(labels), norm=True)


def rank(phrase: str, labels: tuple[str, ...]) -> list[tuple[int, float]]:
    """Indexes of ``labels`` by closeness to ``phrase`` (cosine, -1..1), best first; empty without the model."""
    found = model()
    vectors = _label_vectors(labels)
    if found is None or vectors is None or not phrase.strip():
        return []
    query = found.embed([phrase], norm=True)[0]
    scores = vectors @ query
    order = scores.argsort()[::-1]
    return [(int(i), float(scores[i])) for i in order]
