"""The 36 wide disclosures read from their PDFs once for the sweeps that ask about all of them (each reading takes a
minute or two even with the extracted text kept)."""
from __future__ import annotations

from pathlib import Path

import pytest

WIDE = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-wide"


@pytest.fixture(scope="session")
def wide_pdf_documents():
    if not WIDE.exists():
        pytest.skip("../shared/corpus-wide is absent")
    from corpus.attachments import documents_in
    return documents_in([WIDE], ".pdf")
