"""Step 3f (session 6): the F0 group is the one that transfers for arousal; labels need more.
Split recipe: the two arousal classifiers (calls and first turns) read only the eGeMAPS F0
group (10 functionals), the label classifiers read the engine's 40 + that group; decisions,
temperatures, costs unchanged (arousal = P_arousal(high) + P(irritated, anxious, cheerful) - 1).
Fixed a priori from steps 3-3e's group results (which looked at both corpora: treat as a
candidate to confirm on a third corpus, not as an unbiased figure).
Run: ../../.venv/bin/python features_split.py
"""
import numpy as np

import features_eval as F
import recipe as R


class Masked:
    def __init__(self, inner, keep):
        self.inner, self.keep = inner, keep

    def fit(self, X, y, k, w):
        self.inner.fit(np.where(self.keep, X, 0), y, k, w)
        return self

    def logits(self, X):
        return self.inner.logits(np.where(self.keep, X, 0))


class Split(F.NewRecipe):
    def __init__(self, name, cols, arousal_cols):
        super().__init__(name, cols)
        self.keep = np.array([c in arousal_cols for c in cols])

    def classifier(self, kind, penalty):
        c = super().classifier(kind, penalty)
        return Masked(c, self.keep) if kind == "arousal" else c


def main():
    base, new = F.load_all()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    f0 = [c for c in new[k] if c.startswith("eg:F0semitone")]
    plan = [Split("split: arousal on eg_f0, labels on engine + eg_f0", engine + f0, f0),
            Split("split: arousal on eg_f0, labels on engine", engine + f0, f0)]
    plan[1].label_keep = np.array([c in engine for c in engine + f0])
    orig = plan[1].classifier
    plan[1].classifier = lambda kind, pen, o=orig, p=plan[1]: o(kind, pen) if kind == "arousal" else Masked(o(kind, pen), p.label_keep)
    print(R.HEADER, flush=True)
    for v in plan:
        res = F.loco(v, base, new)
        print(R.row(v.name, res), flush=True)
        print(F.sex_row(v.name, res), flush=True)


if __name__ == "__main__":
    main()
