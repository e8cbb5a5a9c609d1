"""Every number stated in the narrative sections, found in the text and recomputed.

How a number is tied to the tables (the template's `ClaimVocabulary`, budgetlib/templates/claims.py,
says everything specific to a template family; this package interprets it):

1. `extract`: the text of each section is cut into sentences and clauses; every number with a unit,
   every year or date and every 'same as last year' becomes a `Stated` item.
2. `verify`: the words before a number in its clause (its label) are looked up in the vocabulary's
   phrases, each bound to a declarative cell reference that `measures` resolves over the tables. The
   first amount bound to a topic phrase is the subject of what follows in its section: a share is a
   share of it, a change on the prior year (`changes`) a change of it.
3. `roles`: what a section holds beyond phrases (a procurement total and its parts, projects and
   their categories, vehicles, item lists …) is declared as section roles, each with a handler here.
4. `parts`: a total stated with its parts (其中 …, 包括 …; the grammar's words) is checked as the
   identity the sentence asserts, after the section's other claims.
5. `identities`: what the template's wording and identities fix between stated figures no table
   prints (value thresholds, changes of quantities an identity ties together, counts of bodies).
6. A number nothing explains is kept as `unverifiable` with the reason — never dropped.

Nothing here knows a table id, a section numeral or a document's figures.
"""
from . import functional_lines  # noqa: F401  (registers the handler of its section role)
from . import identities  # noqa: F401  (registers the handlers of its section roles)
from .book import ClaimBook, SectionState, Subject
from .extract import Sentence, Stated, clean_label, extract, sentences_of
from .measures import find_phrase, resolve, select
from .verify import verify_claims

__all__ = ["ClaimBook", "SectionState", "Sentence", "Stated", "Subject", "clean_label", "extract", "find_phrase",
           "resolve", "select", "sentences_of", "verify_claims"]
