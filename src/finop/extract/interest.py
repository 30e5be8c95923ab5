"""The pages of a PDF the extractor wants read word by word, as patterns the PDF reader applies.

The reader knows file formats, not accounting: it is handed this ``PageInterest``
(statement and schedule titles over a column of amounts, the facing page, the net
capital note) and reads those pages closely, the others as plain text.
"""

from __future__ import annotations

import re

from finop.model.concepts import fragment
from finop.model.document import PageInterest

_KEY_PAGE = re.compile(  # a page that names a statement, schedule or regulatory figure
    r"statements?\s+of\s+financial\s+(condition|position)|balance\s+sheet|statements?\s+of\s+(income|operations|cash\s+flows|changes)"
    r"|computation\s+of\s+(aggregate\s+indebtedness\s+and\s+)?net\s+capital|net\s+capital|15c3-1|15c3-3|reserve\s+requirements?"
    r"|facing\s+page|annual\s+audited\s+report|form\s+x-17a-5|sec\s+file\s+number|total\s+assets",
    re.I,
)

_SCOPE = fragment("scope")  # "Consolidated", "Unconsolidated", "Combined" (model/data/concepts.yaml)
_TABLE_PAGE = re.compile(
    rf"^[\W\d]{{0,4}}(?:[a-z]\W+)?(?-i:(?=[A-Z]))(?:{_SCOPE}|the\s+)?(statements?\s+of\s+(financial\s+(condition|position)|income|loss|\(loss\)|operations|earnings|comprehensive|cash\s+flows|changes)"
    rf"|balance\s+sheets?|(schedule\s+\S+\s+(?:[-\u2014:.]\s*)?)?(?:{_SCOPE})?computation\s+(of|for)\s+(aggregate|net\s+capital|(the\s+)?determination))[^\n]{{0,80}}$",
    re.I | re.M,
)
_FACING_PAGE = re.compile(r"report\s+for\s+the\s+period|facing\s+page|sec\s+file\s+number", re.I)


_TITLES = (
    "statement of financial condition", "statements of financial condition", "statement of financial position", "balance sheet", "statement of income",
    "statement of operations", "statement of cash flows", "statement of changes in", "computation of net capital",
    "computation for determination of reserve",
)  # fmt: skip


_NOTE_PAGE = re.compile(r"net\s+capital|15c3-?[1l]|regulatory\s+requirements?", re.I)
# a net capital figure: "net capital of $836,439", "net capital was $1.1 billion"
_NET_CAPITAL_FIGURE = re.compile(r"net\s+capital\b[^.]{0,160}?\$\s?[\dlI]", re.I | re.S)
# the firm's own net capital stated, as the notes state it (not a minimum, a tentative figure, or a mention)
_NET_CAPITAL_STATEMENT = re.compile(
    r"(?<!minimum )(?<!required )(?<!tentative )\b(?:had\s+)?net\s+capital(?:,?\s+as\s+defined,?)?\s+"
    r"(?:(?:at|as\s+of|on)\s+[^$]{0,40}?)?(?:was|of|totaled|totalled|totalling|amounted\s+to|aggregating)\s*"
    r"(?:approximately\s+)?\$\s?[\dlI]",
    re.I,
)
# a numbered note about net capital begins on the page: "8. Net Capital Requirements", "Note 12 - Regulatory ..."
_NET_CAPITAL_HEADING = re.compile(
    r"^\W{0,3}(?:[Il|]\s+)?(?:note\s+)?\d{1,2}\s*[.):\-\u2013\u2014]?\s*[\-\u2013\u2014]?\s*"
    r"(?:net\s+capital|regulatory\s+(?:capital|requirements?)|minimum\s+net\s+capital)",
    re.I | re.M,
)


PAGE_INTEREST = PageInterest(
    key_page=_KEY_PAGE,
    table_page=_TABLE_PAGE,
    facing_page=_FACING_PAGE,
    titles=_TITLES,
    note_page=_NOTE_PAGE,
    net_capital_figure=_NET_CAPITAL_FIGURE,
    net_capital_heading=_NET_CAPITAL_HEADING,
    net_capital_statement=_NET_CAPITAL_STATEMENT,
)
