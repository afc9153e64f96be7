from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def example_paths():
    return EXAMPLES / "dialogue.en.txt", EXAMPLES / "dialogue.zh.txt"


SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_path():
    """Path inside ../shared (evaluation data beside the checkout) or None when absent:
    tests that use it skip without it."""

    def find(relative: str):
        path = SHARED / relative
        return path if path.exists() else None

    return find
