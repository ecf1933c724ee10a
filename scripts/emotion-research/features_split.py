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
    """calls_only: only the calls' arousal classifier is restricted (first turns keep all)."""

    def __init__(self, name, cols, arousal_cols, label_cols=None, calls_only=False):
        super().__init__(name, cols)
        self.keep = np.array([c in arousal_cols for c in cols])
        self.label_keep = None if label_cols is None else np.array([c in label_cols for c in cols])
        self.calls_only = calls_only

    def fit(self, t, others=()):
        self._arousal = 0
        return super().fit(t, others)

    def classifier(self, kind, penalty):
        c = super().classifier(kind, penalty)
        if kind == "arousal":
            self._arousal += 1
            if self.calls_only and self._arousal == 2:  # fit(): calls first, then first turns
                return c
            return Masked(c, self.keep)
        return c if self.label_keep is None else Masked(c, self.label_keep)


def main():
    base, new = F.load_all()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    f0 = [c for c in new[k] if c.startswith("eg:F0semitone")]
    import common as C
    import variants as V
    ef0 = ["f0Median", "f0Peak", "f0Range", "f0Std", "f0EndSlope", "f0Perturbation"]
    tff0 = ["tf:tf_f0p20", "tf:tf_f0p80", "tf:tf_f0Fall", "tf:tf_f0Rise"]
    plan = [Split("split: arousal on eg_f0, labels on engine + eg_f0", engine + f0, f0),
            Split("split: arousal on eg_f0, labels on engine", engine + f0, f0, label_cols=engine),
            Split("split: arousal on engine F0 (6), labels on engine", engine, ef0),
            Split("split: arousal on engine F0 + tf F0 (4), labels on engine", engine + tff0, ef0 + tff0, label_cols=engine),
            Split("split (calls only): arousal eg_f0, labels engine + eg_f0", engine + f0, f0, calls_only=True)]
    if "--score" in __import__("sys").argv:
        # would a training-fold score have picked the split? (training corpus only)
        for corpus in ["ravdess", "nemo"]:
            for v in [F.NewRecipe("full", engine + f0), plan[0], plan[2], F.NewRecipe("engine", engine)]:
                print(corpus, v.name, round(V.within_corpus_score(v, F.table(base, new, corpus, v.cols)), 3), flush=True)
        return
    if "--new" in __import__("sys").argv:
        plan = plan[2:]
    if "--which" in __import__("sys").argv:
        lvl = [c for c in f0 if "Slope" not in c]
        slp = [c for c in f0 if "Slope" in c]
        plan = [Split("split: arousal on eg F0 level/spread (6: mean, CV, p20/50/80, range)", engine + lvl, lvl, label_cols=engine),
                Split("split: arousal on eg F0 slopes (4: rise/fall mean, SD)", engine + slp, slp, label_cols=engine),
                Split("split: arousal on eg_f0 + engine F0 (16), labels on engine", engine + f0, f0 + ef0, label_cols=engine)]
    print(R.HEADER, flush=True)
    for v in plan:
        res = F.loco(v, base, new)
        print(R.row(v.name, res), flush=True)
        print(F.sex_row(v.name, res), flush=True)


if __name__ == "__main__":
    main()
