"""A fictional summary that uses every building block, for tests and for looking at the layout.

All names, places and events here are invented. The document mixes Latin with accents,
Cyrillic and Arabic (with harakat, the Allah and lam-alef ligatures, parentheses, isolated ids,
an Arabic name inside a French sentence), markup-like user text, an unbreakable 150-character
token, a 200-row table with long notes (one longer than a page) and the risk graphics.

Developers: ``python -m hrd_desk.summaries.sample OUT.pdf [--lang ar]`` writes it UNENCRYPTED
(fictional data only), to be looked at, e.g. ``pdftoppm -png -r 60 OUT.pdf /tmp/page``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from reportlab.platypus.flowables import Flowable

from hrd_desk.summaries.layout import PageDecor, SummaryLayout

#: Fixture labels (not UI strings: the real assembler passes translated ones).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "handling": "Sensitive — handle per post guidance",
        "title": "Case summary",
        "cover": "Case summary",
        "profile": "Profile",
        "risk": "Current risk",
        "trend": "Risk over time",
        "notes": "Notes",
        "log": "Case log",
        "levels": "Low|Medium|High|Critical",
        "likelihood": "Likelihood",
        "impact": "Impact",
        "cols": "#|Date|Kind|Note|Status",
        "page": "Page {page} of {pages}",
        "keys": "Generated|Redaction|Language|Recipient",
    },
    "fr": {
        "handling": "Sensible — à traiter selon les consignes du poste",
        "title": "Synthèse du dossier",
        "cover": "Synthèse du dossier",
        "profile": "Profil",
        "risk": "Risque actuel",
        "trend": "Évolution du risque",
        "notes": "Notes",
        "log": "Journal du dossier",
        "levels": "Faible|Moyen|Élevé|Critique",
        "likelihood": "Probabilité",
        "impact": "Impact",
        "cols": "N°|Date|Type|Note|État",
        "page": "Page {page} sur {pages}",
        "keys": "Généré|Caviardage|Langue|Destinataire",
    },
    "es": {
        "handling": "Confidencial — tratar según las pautas de la misión",
        "title": "Resumen del caso",
        "cover": "Resumen del caso",
        "profile": "Perfil",
        "risk": "Riesgo actual",
        "trend": "Evolución del riesgo",
        "notes": "Notas",
        "log": "Registro del caso",
        "levels": "Bajo|Medio|Alto|Crítico",
        "likelihood": "Probabilidad",
        "impact": "Impacto",
        "cols": "N.º|Fecha|Tipo|Nota|Estado",
        "page": "Página {page} de {pages}",
        "keys": "Generado|Redacción|Idioma|Destinatario",
    },
    "ru": {
        "handling": "Конфиденциально — обращаться согласно указаниям миссии",
        "title": "Сводка по делу",
        "cover": "Сводка по делу",
        "profile": "Профиль",
        "risk": "Текущий риск",
        "trend": "Динамика риска",
        "notes": "Заметки",
        "log": "Журнал дела",
        "levels": "Низкий|Средний|Высокий|Критический",
        "likelihood": "Вероятность",
        "impact": "Воздействие",
        "cols": "№|Дата|Вид|Заметка|Статус",
        "page": "Страница {page} из {pages}",
        "keys": "Создано|Обезличивание|Язык|Получатель",
    },
    "ar": {
        "handling": "حساس — يُعامل وفق تعليمات البعثة",
        "title": "ملخص القضية",
        "cover": "ملخص القضية",
        "profile": "الملف الشخصي",
        "risk": "الخطر الحالي",
        "trend": "تطور الخطر",
        "notes": "ملاحظات",
        "log": "سجل القضية",
        "levels": "منخفض|متوسط|مرتفع|حرج",
        "likelihood": "الاحتمال",
        "impact": "الأثر",
        "cols": "رقم|التاريخ|النوع|الملاحظة|الحالة",
        "page": "صفحة {page} من {pages}",
        "keys": "أُنشئ|الحجب|اللغة|المستلم",
    },
}

#: Distinct words the tests look for in the extracted text.
MARKUP_TEXT = "Typed by a user: <b>not bold</b> & <font name='x'>AT&T</font> &amp; done."
LONG_TOKEN = "sha256:" + "0123456789abcdef" * 9 + "ENDTOKEN"

_NOTE_OPENINGS = (
    "Visit to the regional office; the defender reported renewed surveillance near her home "
    "and two anonymous calls during the night",
    "Rencontre au bureau : le défenseur signale des menaces répétées, une convocation de la "
    "police et la saisie de son téléphone à l'aéroport",
    "Reunión con la abogada: la audiencia fue aplazada otra vez; la familia pide apoyo para "
    "el traslado y señala vigilancia cerca de la oficina",
    "Встреча с защитником: сообщил о слежке у дома, угрозах в мессенджере и обыске в "
    "офисе организации; просит помощи с переездом",
    "أبلغ المدافع عن مراقبة مستمرة قرب منزله وتلقى تهديدات عبر الهاتف (مرتين) وطلب دعماً "
    "للانتقال المؤقت إلى مدينة أخرى",
)
_FILLER = (
    " The officer agreed follow-up steps with the team and recorded the sources consulted;"
    " nothing in this note names a third party."
)


def note_end(n: int) -> str:
    """The unique last word of row *n*'s note (checked in the extracted text)."""
    return f"zq{n:04d}end"


def sample_rows(count: int = 200) -> list[list[str]]:
    """Rows of the case-log table: number, date, kind, a long note ending in ``note_end``."""
    rows = []
    start = date(2023, 1, 9)
    kinds = ("visit", "incident", "request", "grant", "hearing")
    for n in range(1, count + 1):
        opening = _NOTE_OPENINGS[n % len(_NOTE_OPENINGS)]
        repeat = 1 + (n * 7) % 4
        if n == 100:
            repeat = 40  # a single note longer than a page: the row must split, not clip
        note = opening + "." + _FILLER * repeat + " " + note_end(n)
        day = start + timedelta(days=3 * n)
        rows.append([str(n), day.isoformat(), kinds[n % len(kinds)], note, "open"])
    return rows


def sample_story(layout: SummaryLayout, lang: str, rows: int = 200) -> list[Flowable]:
    lab = LABELS[lang]
    levels = lab["levels"].split("|")
    keys = lab["keys"].split("|")
    story: list[Flowable] = [
        layout.heading(lab["cover"]),
        layout.key_values(
            [
                (keys[0], "2025-03-14 10:42 UTC — \u2068officer-07\u2069"),
                (keys[1], "pseudonymise"),
                (keys[2], lang),
                (keys[3], "headquarters, protection desk"),
            ]
        ),
        layout.heading(lab["profile"]),
        layout.key_values(
            [
                ("Pseudonym", "HRD-\u20682024-17\u2069 «Orchidée»"),
                ("Name (Latin)", "Zoë Ñúñez-Łukasiewicz Ødegård"),
                ("Имя", "Анастасия Владимировна Щербакова"),
                ("الاسم", "محمد عبد الله الحُسَيْني"),
                ("Organisation", "Collectif pour les droits humains de la vallée (CDHV)"),
                ("Note", "Le défenseur محمد علي (Alep) a été arrêté le 12/03/2024."),
                ("ملاحظة", "قضية رقم \u20682024-17\u2069 (محكمة الاستئناف) — لا إله إلا الله"),
            ]
        ),
        layout.heading(lab["risk"]),
        layout.risk_matrix(
            4,
            3,
            level_labels=levels,
            likelihood_label=lab["likelihood"],
            impact_label=lab["impact"],
        ),
        layout.heading(lab["trend"], level=2),
        layout.trend_chart(
            [
                (date(2024, 1, 10), 0),
                (date(2024, 3, 2), 1),
                (date(2024, 3, 20), 2),
                (date(2024, 6, 1), 3),
                (date(2024, 9, 15), 2),
                (date(2025, 2, 1), 2),
            ],
            level_labels=levels,
            format_date=lambda d: d.isoformat(),
        ),
        layout.heading(lab["notes"]),
        layout.paragraph(MARKUP_TEXT),
        layout.paragraph(LONG_TOKEN),
        layout.paragraph(
            "Español: la defensora pidió apoyo urgente; año, niño, acción, pingüino. "
            "Français : élève, garçon, cœur, « guillemets ». Русский: ещё объём съёмка."
        ),
        layout.paragraph(
            "تعرّض المدافع لمضايقات متكررة منذ عام 2023، وقد طلب (بشكل عاجل) دعماً قانونياً. "
            "رقم الملف \u20682024-17\u2069 والمبلغ 1500 يورو."
        ),
        layout.heading(lab["log"]),
        layout.table(
            lab["cols"].split("|"),
            sample_rows(rows),
            widths=[0.6, 1.7, 1.3, 6.5, 1.1],
            align=["end", "start", "start", "start", "start"],
        ),
    ]
    return story


def build_sample(lang: str = "en", rows: int = 200) -> bytes:
    """The sample as PDF bytes (plaintext, in memory)."""
    lab = LABELS[lang]
    layout = SummaryLayout(
        rtl=lang == "ar",
        lang=lang,
        translate=lambda message: lab["page"] if message == "Page {page} of {pages}" else message,
    )
    return layout.build(
        sample_story(layout, lang, rows),
        decor=PageDecor(handling=lab["handling"], reference="HRD-\u20682024-17\u2069"),
        title=lab["title"],
    )


def main(argv: list[str] | None = None) -> int:
    from hrd_desk.summaries.encrypt import write_plaintext

    parser = argparse.ArgumentParser(
        description="Write the fictional sample summary (UNENCRYPTED)."
    )
    parser.add_argument("out")
    parser.add_argument("--lang", default="en", choices=sorted(LABELS))
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args(argv)
    write_plaintext(build_sample(args.lang, args.rows), args.out, i_understand=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
