"""A case summary in each of the five languages carries its translated section headings."""

from __future__ import annotations

import gettext
import unicodedata

import pytest

from hrd_desk.i18n import LANGUAGES
from hrd_desk.i18n_build import compile_all
from hrd_desk.paths import translations_dir
from hrd_desk.summaries.document import SECTIONS
from hrd_desk.summaries.service import SummaryRequest, build_summary_pdf
from tests.summaries.conftest import case, store  # noqa: F401  (fixtures)
from tests.support.pdf import page_texts


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    compile_all()  # `make test` does it too; this keeps the test honest when run alone


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_headings_in_each_language(store, case, lang) -> None:  # noqa: F811
    pdf = build_summary_pdf(store, SummaryRequest(case.id, lang=lang))
    text = _norm("\n".join(page_texts(pdf)))
    catalog = gettext.translation(
        "hrd_desk", str(translations_dir()), languages=[lang], fallback=lang == "en"
    )
    po = None
    if lang != "en":
        from babel.messages.pofile import read_po

        from hrd_desk.i18n_build import po_path

        with po_path(lang).open("rb") as fh:
            po = read_po(fh, locale=lang)
    for _key, title in SECTIONS:
        translated = catalog.gettext(title)
        if po is not None:
            entry = po.get(title)
            # Translated, even where the word is the same ("Incidents" in French).
            assert entry is not None and entry.string, f"{lang}: {title!r} is not translated"
            assert translated == entry.string
        wanted = _norm(translated)
        if lang == "ar":
            # Right-to-left lines are drawn in visual order: a word may come back reversed.
            for word in wanted.split():
                assert word in text or word[::-1] in text, (lang, title, word)
        else:
            assert wanted in text, (lang, title)
