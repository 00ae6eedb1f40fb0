"""The claim assistant: check-worthiness scores, claims seen before, and who said it.

- ``features``: the transparent scorer (no training data: numbers, comparisons, names, ...).
- ``ranker``: a small linear model learnt from the user's labelled sentences.
- ``examples``: labelled sentences from files (CSV/TSV, marginote exports) and the library.
- ``learning``: the per-user model in the data folder (learn, forget, retrain).
- ``suggest``: every sentence of a document with its score.
- ``similar``: retrieval over the claims tagged anywhere in the library.
- ``attribution``: the claimant of a sentence, from the sentence and its neighbours.

Nothing here imports Textual; scikit-learn, rapidfuzz and spaCy are imported only inside the
functions that need them.
"""
