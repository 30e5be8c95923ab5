"""Schedule titles and captions as different firms word them (issue 12): the reserve computation titled
"Computation of Determination ...", totals captioned "Total credit items", and schedules finop does not read
(CFTC segregation, possession or control) ending the statement before them instead of running into it."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, FIXTURES, check_text

NORTHGATE = (FIXTURES / "northgate-clearing-2015.txt").read_text(encoding="utf-8")
TITLE = "COMPUTATION FOR DETERMINATION OF RESERVE REQUIREMENTS FOR BROKERS AND DEALERS PURSUANT TO RULE 15c3-3"
RESERVE_FACTS = ("reserve_total_credits", "reserve_total_debits", "reserve_excess")


def _reserve(text: str) -> tuple[object, ...]:
    result = check_text(text)
    assert result.status == "pass", [f.message for f in result.errors]
    return tuple(result.filing.fact(k) for k in RESERVE_FACTS)


@pytest.mark.parametrize(
    "title",
    [
        TITLE.replace("COMPUTATION FOR DETERMINATION", "COMPUTATION OF DETERMINATION"),
        TITLE.replace("COMPUTATION FOR DETERMINATION", "Computation for the Determination").replace(
            "RESERVE", "Reserve"
        ),
        "Schedule II — " + TITLE.replace("COMPUTATION FOR DETERMINATION", "Computation of Determination"),
    ],
)
def test_the_reserve_computation_under_other_wordings_of_its_title(title: str) -> None:
    assert TITLE in NORTHGATE
    expected = _reserve(NORTHGATE)
    assert all(v is not None for v in expected)
    assert _reserve(NORTHGATE.replace(TITLE, title)) == expected


def test_totals_captioned_credit_items_and_debit_items() -> None:
    expected = _reserve(NORTHGATE)
    text = NORTHGATE.replace("Total credits\t", "Total credit items\t").replace("Total debits\t", "Total debit items\t")
    assert _reserve(text) == expected


SEGREGATION = """
SCHEDULE OF SEGREGATION REQUIREMENTS AND FUNDS IN SEGREGATION
FOR CUSTOMERS TRADING ON U.S. COMMODITY EXCHANGES
DECEMBER 31, 2003
SEGREGATION REQUIREMENTS:
Net ledger balance in accounts of regulated commodity customers - cash\t$ 37,043,227
Amount required to be segregated\t36,774,175
FUNDS IN SEGREGATED ACCOUNTS:
Deposited in segregated funds bank accounts - cash\t7,519
Margin on deposit with clearing members of contract markets\t382,936
Total amount in segregation\t38,736,500
EXCESS FUNDS IN SEGREGATION\t$ 1,962,325
"""


@pytest.mark.parametrize(
    "title",
    [
        "SCHEDULE OF SEGREGATION REQUIREMENTS AND FUNDS IN SEGREGATION",
        "Statement of Segregation Requirements",
        "INFORMATION RELATING TO POSSESSION OR CONTROL REQUIREMENTS UNDER RULE 15c3-3",
    ],
)
def test_a_schedule_finop_does_not_read_ends_the_one_before_it(title: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = "NET CAPITAL IN EXCESS OF MINIMUM REQUIREMENTS\t$1,018,650\n"
    assert anchor in text
    plain = check_text(text)
    followed = check_text(text.replace(anchor, anchor + SEGREGATION.replace(SEGREGATION.split("\n")[1], title)))
    assert followed.status == "pass", [f.message for f in followed.errors]
    nc = followed.filing.statements[next(k for k in followed.filing.statements if k.value == "net_capital")]
    assert not any("segregat" in i.label.lower() for i in nc.items)
    assert followed.filing.fact("net_capital") == plain.filing.fact("net_capital")


PENSION_NOTE = """
NOTE 9 - EMPLOYEE BENEFIT PLANS
Reconciliation of the beginning and ending balances of the fair value of plan assets:
Fair value of plan assets at the beginning of the year\t2,285,700
Actual return on plan assets\t262,243
Benefits paid\t(168,613)
Fair value of plan assets at the end of the year\t2,146,104
"""


def test_a_reconciliation_in_the_notes_is_not_the_d4_reconciliation() -> None:
    """Only a reconciliation of net capital, the computation or the FOCUS report is the Rule 17a-5(d)(4) one
    (68136-2010: a pension note's "Reconciliation of ... plan assets" was read as it, a false TIE-REC)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = "See notes to financial statements."
    with_note = text.replace(anchor, anchor + "\n" + PENSION_NOTE, 1)
    result = check_text(with_note)
    assert not [f for f in result.findings if f.code.startswith("TIE-REC")]
    assert result.filing.reconciliation is not None and result.filing.reconciliation.statement is None
    assert result.filing.reconciliation.no_material_differences  # the real one, a sentence, is still read


@pytest.mark.parametrize(
    "title",
    [
        "RECONCILIATION PURSUANT TO RULE 17a-5(d)(4)",
        "Reconciliation of the Computation of Net Capital",
        "Reconciliation between the audited and unaudited computations",
    ],
)
def test_d4_reconciliation_titles(title: str) -> None:
    from finop.extract.sections import title_kind
    from finop.readers.text import parse_text

    line = next(parse_text(title + "\n", "t.txt").lines())
    assert title_kind(line) is not None and title_kind(line).value == "reconciliation"
